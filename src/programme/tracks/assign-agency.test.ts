import { describe, expect, it } from 'vitest';
import { seedAgencies } from '../organisation/seed-agencies.js';
import { makeUser, testNow } from '../testing/programme-fixtures.js';
import { assignAgency, assignedAgencyIds, type AssignmentRequest } from './assign-agency.js';
import { trackAssignmentSchema } from './track-assignment.js';

const coordinator = makeUser('coordinator');
const request: AssignmentRequest = {
  id: 'assign.1',
  submissionId: 'sub.1',
  track: 'digital_infrastructure',
  agencyId: 'agency.cisa',
};

describe('assignAgency', () => {
  it('assigns an agency to a track, recording who and when', () => {
    const assigned = assignAgency(request, coordinator, seedAgencies, [], testNow);
    expect(assigned).toEqual({
      ok: true,
      value: { ...request, assignedBy: coordinator.id, assignedAt: testNow },
    });
    expect(assigned.ok && trackAssignmentSchema.parse(assigned.value)).toBeTruthy();
  });

  it('refuses non-coordinators, unknown agencies and duplicates', () => {
    const byLead = assignAgency(request, makeUser('agency_lead'), seedAgencies, [], testNow);
    expect(!byLead.ok && byLead.error.code).toBe('not_a_coordinator');
    const unknown = assignAgency(
      { ...request, agencyId: 'agency.nasa' },
      coordinator,
      seedAgencies,
      [],
      testNow,
    );
    expect(!unknown.ok && unknown.error.code).toBe('unknown_agency');
    const first = assignAgency(request, coordinator, seedAgencies, [], testNow);
    if (!first.ok) throw first.error;
    const again = assignAgency(
      { ...request, id: 'assign.2' },
      coordinator,
      seedAgencies,
      [first.value],
      testNow,
    );
    expect(!again.ok && again.error.code).toBe('already_assigned');
    const otherTrack = assignAgency(
      { ...request, id: 'assign.3', track: 'insider_risks' },
      coordinator,
      seedAgencies,
      [first.value],
      testNow,
    );
    expect(otherTrack.ok).toBe(true);
  });

  it('refuses an unknown track from outside with the list of tracks', () => {
    expect(
      trackAssignmentSchema.safeParse({
        ...request,
        track: 'bio',
        assignedBy: 'u',
        assignedAt: testNow,
      }).error?.issues[0]?.message,
    ).toBe(
      'unknown track; use one of structural_vulnerabilities, insider_risks, digital_infrastructure',
    );
  });

  it('lists the agencies assigned to a submission, once each', () => {
    const assignments = [
      { ...request, assignedBy: 'c', assignedAt: testNow },
      {
        ...request,
        id: 'a2',
        track: 'insider_risks' as const,
        assignedBy: 'c',
        assignedAt: testNow,
      },
      { ...request, id: 'a3', agencyId: 'agency.war-nsa', assignedBy: 'c', assignedAt: testNow },
      {
        ...request,
        id: 'a4',
        submissionId: 'sub.2',
        agencyId: 'agency.treasury',
        assignedBy: 'c',
        assignedAt: testNow,
      },
    ];
    expect(assignedAgencyIds('sub.1', assignments)).toEqual(['agency.cisa', 'agency.war-nsa']);
  });
});
