// Sample programme data for tests (here and in the layers built on this domain).

import type { AccessAgreement } from '../access/access-agreement.js';
import type { NeedToKnowGrant } from '../access/need-to-know-grant.js';
import type { CriteriaVersion } from '../criteria/criteria-version.js';
import type { Role } from '../identity/role.js';
import type { User } from '../identity/user.js';
import type { Marking } from '../marking/marking.js';
import { seedAgencies } from '../organisation/seed-agencies.js';
import type { Model } from '../determination/determination.js';
import type { SubmissionEvent } from '../submission/submission-event.js';
import { addDays, type Timestamp } from '../time/timestamp.js';

/** A fixed "now" for tests: a month into the programme. */
export const testNow: Timestamp = '2026-07-01T12:00:00.000Z';

/** The developer most tests are about, and another one. */
export const acmeId = 'dev.acme';
export const otherDeveloperId = 'dev.other';
export const partnerOrganisationId = 'partner.grid';

/** The organisation each role's sample user belongs to. */
const organisationOfRole: Record<Role, string> = {
  developer_admin: acmeId,
  developer_member: acmeId,
  agency_lead: 'agency.cisa',
  agency_evaluator: 'agency.cisa',
  adjudicator: 'agency.war-nsa',
  coordinator: 'agency.treasury',
  security_officer: 'agency.cisa',
  partner_user: partnerOrganisationId,
  auditor: 'agency.treasury',
  worker: 'agency.cisa',
};

/** A user of `role`, cleared to SECRET and read into ACME's compartment. */
export function makeUser(role: Role, overrides: Partial<User> = {}): User {
  return {
    id: `user.${role}`,
    organisationId: organisationOfRole[role],
    displayName: `Sample ${role}`,
    role,
    clearance: 'SECRET',
    compartments: ['DEV-ACME'],
    ...overrides,
  };
}

/** The lead of each seeded agency. */
export function agencyLead(agencyId: string): User {
  return makeUser('agency_lead', { id: `lead.${agencyId}`, organisationId: agencyId });
}

/** The access agreement in force. */
export const currentAgreement: AccessAgreement = {
  id: 'agreement.access',
  version: 2,
  title: 'Programme access agreement',
  publishedAt: '2026-06-10T00:00:00.000Z',
};

/** ACME's submission data: CUI, ACME's compartment, proprietary and released to ACME. */
export function acmeMarking(overrides: Partial<Marking> = {}): Marking {
  return {
    level: 'CUI',
    compartments: ['DEV-ACME'],
    controls: ['PROPRIETARY', 'REL-DEVELOPER'],
    ownerId: acmeId,
    ...overrides,
  };
}

/** The criteria's marking: SECRET, its own compartment, sealed, owned by the programme. */
export function criteriaMarking(): Marking {
  return {
    level: 'SECRET',
    compartments: ['CRITERIA'],
    controls: ['SEALED'],
    ownerId: 'agency.treasury',
  };
}

/** A need-to-know grant for `userId` on a submission, live around `testNow`. */
export function submissionGrant(
  userId: string,
  submissionId: string,
  overrides: Partial<NeedToKnowGrant> = {},
): NeedToKnowGrant {
  return {
    id: `grant.${userId}.${submissionId}`,
    userId,
    scope: { kind: 'submission', submissionId },
    validFrom: addDays(testNow, -10),
    validUntil: addDays(testNow, 10),
    issuedBy: 'user.security_officer.2',
    issuedAt: addDays(testNow, -10),
    reason: 'assigned to the evaluation',
    ...overrides,
  };
}

/** ACME's model. */
export const acmeModel: Model = {
  id: 'model.acme-frontier-1',
  developerOrganisationId: acmeId,
  name: 'Acme Frontier 1',
  inDevelopment: false,
};

/** A criteria version like the brief's example, unsigned. */
export function sampleCriteria(overrides: Partial<CriteriaVersion> = {}): CriteriaVersion {
  return {
    id: 'criteria.v1',
    version: 1,
    title: 'Cyber capability designation criteria',
    declarations: {
      metrics: ['cyber.vuln_discovery.pass_at_1', 'cyber.ctf.pass_at_12', 'cyber.ot.pass_at_1'],
      facts: { training_compute_flop: 'number', open_weights: 'boolean' },
    },
    tiers: {
      alert: [{ id: 'ctf-rising', expression: 'cyber.ctf.pass_at_12 >= 0.10' }],
      designate: [
        {
          id: 'offense-strong',
          expression:
            'lower(cyber.vuln_discovery.pass_at_1) >= 0.30 or cyber.ctf.pass_at_12 >= 0.25',
        },
      ],
    },
    marking: criteriaMarking(),
    draftedBy: 'user.coordinator',
    draftedAt: '2026-06-20T00:00:00.000Z',
    signatures: [],
    ...overrides,
  };
}

/** `sampleCriteria` signed by the leads of Treasury, War/NSA and CISA. */
export function signedCriteria(overrides: Partial<CriteriaVersion> = {}): CriteriaVersion {
  return sampleCriteria({
    signatures: seedAgencies
      .filter((agency) => agency.criteriaRole === 'required_signatory')
      .map((agency, index) => ({
        agencyId: agency.id,
        signerId: `lead.${agency.id}`,
        signedAt: addDays('2026-06-25T00:00:00.000Z', index),
      })),
    ...overrides,
  });
}

/** Builds submission events with consecutive times, for lifecycle tests. */
export function eventFactory(
  submissionId = 'sub.1',
  start: Timestamp = '2026-06-15T00:00:00.000Z',
) {
  let minutes = 0;
  return <Type extends SubmissionEvent['type']>(
    type: Type,
    payload: Omit<
      Extract<SubmissionEvent, { type: Type }>,
      'type' | 'submissionId' | 'actorId' | 'at' | 'reason'
    >,
    options: { at?: Timestamp; actorId?: string } = {},
  ): Extract<SubmissionEvent, { type: Type }> => {
    minutes += 1;
    return {
      type,
      submissionId,
      actorId: options.actorId ?? 'user.actor',
      at: options.at ?? new Date(Date.parse(start) + minutes * 60_000).toISOString(),
      reason: `${type} in a test`,
      ...payload,
    } as Extract<SubmissionEvent, { type: Type }>;
  };
}
