import { describe, expect, it } from 'vitest';
import type { Action } from './action.js';
import { authorize } from './authorize.js';
import type { SubmissionResource, Subject } from './policy-input.js';
import {
  acmeMarking,
  currentAgreement,
  makeUser,
  submissionGrant,
  testNow,
} from '../testing/programme-fixtures.js';
import type { Role } from '../identity/role.js';
import { addDays } from '../time/timestamp.js';

function subject(role: Role, overrides: Partial<Subject> = {}): Subject {
  const user = makeUser(role, { compartments: ['DEV-ACME', 'CRITERIA'] });
  return {
    user,
    agreement: {
      current: currentAgreement,
      acceptances: [
        {
          userId: user.id,
          agreementId: currentAgreement.id,
          version: currentAgreement.version,
          acceptedAt: testNow,
        },
      ],
    },
    grants: [submissionGrant(user.id, 'sub.1')],
    approvals: [],
    ...overrides,
  };
}

function submission(overrides: Partial<SubmissionResource> = {}): SubmissionResource {
  return {
    kind: 'submission',
    submissionId: 'sub.1',
    developerOrganisationId: 'dev.acme',
    marking: acmeMarking(),
    assignedAgencyIds: ['agency.cisa'],
    trustedPartners: [],
    window: { openedAt: addDays(testNow, -1), capDays: 30 },
    ...overrides,
  };
}

describe('authorize', () => {
  it('explains an allowed decision and names the table row', () => {
    expect(
      authorize(subject('agency_evaluator'), 'evaluation.read', submission(), testNow),
    ).toEqual({
      allowed: true,
      reason:
        'assigned_agency, clearance, compartments, agreement, need_to_know, marking_current met',
      rule: 'evaluation.read/agency_evaluator',
    });
    expect(authorize(subject('auditor'), 'audit.read', { kind: 'programme' }, testNow).rule).toBe(
      'audit.read/auditor',
    );
  });

  it('denies by default, naming the role and action', () => {
    expect(authorize(subject('auditor'), 'submission.read', submission(), testNow)).toEqual({
      allowed: false,
      reason: 'role auditor may not do submission.read',
      rule: 'submission.read/deny-by-default',
    });
    expect(
      authorize(subject('coordinator'), 'nonsense' as Action, submission(), testNow),
    ).toMatchObject({
      allowed: false,
      rule: 'deny-by-default',
    });
    expect(
      authorize(subject('coordinator'), 'export.bulk', { kind: 'programme' }, testNow),
    ).toEqual({
      allowed: false,
      reason: 'bulk export is always refused',
      rule: 'export.bulk',
    });
  });

  it('refuses a resource of the wrong kind', () => {
    expect(
      authorize(subject('agency_evaluator'), 'evaluation.read', { kind: 'programme' }, testNow),
    ).toMatchObject({
      allowed: false,
      reason: 'evaluation.read applies to a submission, not a programme',
      rule: 'evaluation.read/resource-kind',
    });
  });

  it('names the first unmet requirement and says why', () => {
    const low = subject('agency_evaluator', {
      user: makeUser('agency_evaluator', { clearance: 'UNCLASSIFIED' }),
    });
    expect(authorize(low, 'evaluation.read', submission(), testNow)).toMatchObject({
      reason: 'your clearance UNCLASSIFIED is below the marking CUI',
      rule: 'evaluation.read/agency_evaluator/clearance',
    });
    const notReadIn = subject('agency_evaluator', {
      user: makeUser('agency_evaluator', { compartments: [] }),
    });
    expect(authorize(notReadIn, 'evaluation.read', submission(), testNow).reason).toBe(
      'you are not read into DEV-ACME',
    );
    expect(
      authorize(
        subject('agency_evaluator', { grants: [] }),
        'evaluation.read',
        submission(),
        testNow,
      ).reason,
    ).toBe('you hold no live need-to-know grant for it');
    const lapsed = subject('agency_evaluator', {
      agreement: { current: currentAgreement, acceptances: [] },
    });
    expect(authorize(lapsed, 'evaluation.read', submission(), testNow).reason).toBe(
      'you have not accepted version 2 of the access agreement',
    );
    expect(
      authorize(
        subject('agency_evaluator'),
        'evaluation.read',
        submission({ assignedAgencyIds: [] }),
        testNow,
      ).reason,
    ).toBe('your agency is not assigned to this submission');
  });

  it('refuses objects whose marking has expired', () => {
    const expired = submission({ marking: acmeMarking({ expiresAt: addDays(testNow, -1) }) });
    expect(
      authorize(subject('agency_evaluator'), 'evaluation.read', expired, testNow),
    ).toMatchObject({
      allowed: false,
      rule: 'evaluation.read/agency_evaluator/marking_current',
    });
  });

  it('shows developers only what is released to them', () => {
    const developer = subject('developer_member', {
      user: makeUser('developer_member', { clearance: 'CUI' }),
    });
    expect(authorize(developer, 'evaluation.read', submission(), testNow).allowed).toBe(true);
    const governmentOnly = submission({ marking: acmeMarking({ controls: ['PROPRIETARY'] }) });
    expect(authorize(developer, 'evaluation.read', governmentOnly, testNow)).toMatchObject({
      allowed: false,
      reason: 'the object is not released to your organisation (REL-DEVELOPER)',
    });
    expect(
      authorize(
        developer,
        'evaluation.read',
        submission({ developerOrganisationId: 'dev.other' }),
        testNow,
      ).reason,
    ).toBe('it belongs to another developer organisation');
  });

  it('lets the developer read the sanitised determination of its own model even with no submission', () => {
    const determination = {
      kind: 'determination' as const,
      determinationId: 'det.1',
      developerOrganisationId: 'dev.acme',
      submissionId: undefined,
      marking: acmeMarking({ level: 'SECRET', controls: ['SEALED'] }),
      assignedAgencyIds: [],
    };
    expect(
      authorize(
        subject('developer_admin', { grants: [] }),
        'determination.read_sanitised',
        determination,
        testNow,
      ).allowed,
    ).toBe(true);
    expect(
      authorize(subject('developer_admin'), 'determination.read_sealed', determination, testNow)
        .allowed,
    ).toBe(false);
    expect(
      authorize(
        subject('developer_admin', {
          user: makeUser('developer_admin', { organisationId: 'dev.other' }),
        }),
        'determination.read_sanitised',
        determination,
        testNow,
      ).allowed,
    ).toBe(false);
  });

  it('reads sealed criteria through a compartment grant', () => {
    const criteria = {
      kind: 'criteria' as const,
      criteriaVersionId: 'criteria.v1',
      marking: {
        level: 'SECRET' as const,
        compartments: ['CRITERIA'],
        controls: ['SEALED' as const],
        ownerId: 'agency.treasury',
      },
    };
    const adjudicator = subject('adjudicator');
    expect(authorize(adjudicator, 'criteria.read', criteria, testNow).reason).toBe(
      'you hold no live need-to-know grant for it',
    );
    const withGrant = subject('adjudicator', {
      grants: [
        {
          ...submissionGrant('user.adjudicator', 'sub.1'),
          scope: { kind: 'compartment', compartment: 'CRITERIA' },
        },
      ],
    });
    expect(authorize(withGrant, 'criteria.read', criteria, testNow).allowed).toBe(true);
    expect(authorize(subject('agency_evaluator'), 'criteria.read', criteria, testNow).allowed).toBe(
      false,
    );
  });

  it('explains why a partner is not yet let in', () => {
    const partner = subject('partner_user');
    expect(authorize(partner, 'evaluation.read', submission(), testNow).reason).toBe(
      'your organisation is not a trusted partner on this submission',
    );
    const pending = submission({
      trustedPartners: [
        {
          id: 'l',
          submissionId: 'sub.1',
          partnerOrganisationId: 'partner.grid',
          governmentPeriodEndsAt: testNow,
          governmentApproval: { approvedBy: 'c', approvedAt: testNow },
        },
      ],
    });
    expect(authorize(partner, 'evaluation.read', pending, testNow).reason).toBe(
      "your organisation's partnership is not active (awaiting_developer)",
    );
  });

  it('closes model access with the window', () => {
    const closed = submission({ window: { openedAt: addDays(testNow, -10), capDays: 5 } });
    expect(authorize(subject('agency_evaluator'), 'model.query', closed, testNow).reason).toBe(
      `the access window closed at ${addDays(testNow, -5)} (cap)`,
    );
    expect(
      authorize(
        subject('agency_evaluator'),
        'model.query',
        submission({ window: undefined }),
        testNow,
      ).reason,
    ).toBe('no access window has opened');
  });

  it('lets an agency launch evaluations only on the tracks it holds', () => {
    const assignments = submission({
      assignedAgencyIds: ['agency.cisa', 'agency.treasury'],
      trackAssignments: [
        { agencyId: 'agency.cisa', track: 'digital_infrastructure' },
        { agencyId: 'agency.treasury', track: 'insider_risks' },
      ],
    });
    const evaluator = subject('agency_evaluator');
    expect(evaluator.user.organisationId).toBe('agency.cisa');
    const launch = (resource: SubmissionResource) =>
      authorize(evaluator, 'evaluation.launch', resource, testNow);
    expect(launch({ ...assignments, track: 'digital_infrastructure' }).allowed).toBe(true);
    expect(launch({ ...assignments, track: 'insider_risks' })).toMatchObject({
      allowed: false,
      reason: 'your agency is not assigned to the insider_risks track',
      rule: 'evaluation.launch/agency_evaluator/assigned_track',
    });
    expect(launch(assignments).reason).toBe('the request names no evaluation track');
    const closed = { ...assignments, track: 'digital_infrastructure' as const, window: undefined };
    expect(launch(closed).reason).toBe('no access window has opened');
  });

  it('needs a named object for a sensitive action', () => {
    expect(
      authorize(subject('agency_lead'), 'credential.unmask', submission(), testNow),
    ).toMatchObject({
      allowed: false,
      reason: 'the request names no object',
    });
    expect(
      authorize(
        subject('agency_lead'),
        'credential.unmask',
        submission({ objectId: 'credential.1' }),
        testNow,
      ).reason,
    ).toBe('it needs a request of yours approved by a second person, unused and unexpired');
  });
});
