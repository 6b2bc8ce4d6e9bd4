// The world the authorisation-matrix test puts the policy in: every combination of the
// conditions it looks at, and the subject and resource each combination makes.
import type { NeedToKnowGrant } from '../access/need-to-know-grant.js';
import type { ApprovalRequest } from '../approval/approval-request.js';
import { sensitiveActions } from '../approval/approval-request.js';
import type { Role } from '../identity/role.js';
import type { Marking } from '../marking/marking.js';
import type { Action } from '../policy/action.js';
import type { PolicyResource, Subject } from '../policy/policy-input.js';
import { policyTable } from '../policy/policy-table.js';
import { addDays } from '../time/timestamp.js';
import { currentAgreement, makeUser, submissionGrant, testNow } from './programme-fixtures.js';

/** One combination of everything the policy looks at. */
export interface Scenario {
  /** Developer: own organisation. Agency: assigned. Partner: a partner on the submission. */
  readonly own: boolean;
  readonly clearanceEnough: boolean;
  readonly compartmentsHeld: boolean;
  readonly agreementAccepted: boolean;
  readonly grantLive: boolean;
  readonly partnerActive: boolean;
  readonly windowOpen: boolean;
  readonly approvalHeld: boolean;
}

export const dimensions: readonly (keyof Scenario)[] = [
  'own',
  'clearanceEnough',
  'compartmentsHeld',
  'agreementAccepted',
  'grantLive',
  'partnerActive',
  'windowOpen',
  'approvalHeld',
];

export const scenarios: readonly Scenario[] = Array.from(
  { length: 2 ** dimensions.length },
  (_, bits) =>
    Object.fromEntries(
      dimensions.map((name, index) => [name, ((bits >> index) & 1) === 1]),
    ) as unknown as Scenario,
);

export const submissionMarking: Marking = {
  level: 'SECRET',
  compartments: ['DEV-ACME', 'SUB-1'],
  controls: ['PROPRIETARY', 'REL-DEVELOPER'],
  ownerId: 'dev.acme',
};
export const criteriaMarking: Marking = {
  level: 'SECRET',
  compartments: ['CRITERIA'],
  controls: ['SEALED'],
  ownerId: 'agency.treasury',
};

export const benchmarkMarking: Marking = {
  level: 'SECRET',
  compartments: ['BENCHMARKS'],
  controls: ['SEALED'],
  ownerId: 'agency.war-nsa',
};

export function organisationFor(role: Role, own: boolean): string {
  switch (role) {
    case 'developer_admin':
    case 'developer_member':
      return own ? 'dev.acme' : 'dev.other';
    case 'agency_lead':
    case 'agency_evaluator':
      return own ? 'agency.cisa' : 'agency.treasury';
    case 'partner_user':
      return own ? 'partner.grid' : 'partner.other';
    case 'adjudicator':
    case 'coordinator':
    case 'security_officer':
    case 'auditor':
    case 'worker':
      return 'agency.war-nsa';
  }
}

export function resourceFor(action: Action, scenario: Scenario): PolicyResource {
  const kind = policyTable[action].resource;
  switch (kind) {
    case 'programme':
      return { kind };
    case 'criteria':
      return { kind, criteriaVersionId: 'criteria.v1', marking: criteriaMarking };
    case 'benchmark':
      return { kind, benchmarkId: 'bench.1', marking: benchmarkMarking };
    case 'determination':
      return {
        kind,
        determinationId: 'det.1',
        developerOrganisationId: 'dev.acme',
        submissionId: 'sub.1',
        marking: submissionMarking,
        assignedAgencyIds: ['agency.cisa'],
      };
    case 'submission':
      return {
        kind,
        submissionId: 'sub.1',
        developerOrganisationId: 'dev.acme',
        marking: submissionMarking,
        assignedAgencyIds: ['agency.cisa'],
        trustedPartners: [
          {
            id: 'link.1',
            submissionId: 'sub.1',
            partnerOrganisationId: 'partner.grid',
            governmentPeriodEndsAt: addDays(testNow, scenario.partnerActive ? -1 : 1),
            governmentApproval: {
              approvedBy: 'user.coordinator',
              approvedAt: addDays(testNow, -5),
            },
            developerApproval: {
              approvedBy: 'user.developer_admin',
              approvedAt: addDays(testNow, -5),
            },
          },
        ],
        window: { openedAt: addDays(testNow, scenario.windowOpen ? -2 : -40), capDays: 30 },
        objectId: 'object.1',
        // The assigned agency holds the track asked about; the other agency holds another.
        trackAssignments: [
          { agencyId: 'agency.cisa', track: 'digital_infrastructure' },
          { agencyId: 'agency.treasury', track: 'insider_risks' },
        ],
        track: 'digital_infrastructure',
      };
  }
}

export function subjectFor(role: Role, action: Action, scenario: Scenario): Subject {
  const user = makeUser(role, {
    organisationId: organisationFor(role, scenario.own),
    clearance: scenario.clearanceEnough ? 'SECRET' : 'CUI',
    compartments: scenario.compartmentsHeld
      ? ['DEV-ACME', 'SUB-1', 'CRITERIA', 'BENCHMARKS']
      : ['DEV-ACME'],
  });
  const grantWindow = scenario.grantLive
    ? {}
    : { validFrom: addDays(testNow, -20), validUntil: addDays(testNow, -1) };
  const grants: NeedToKnowGrant[] = [
    submissionGrant(user.id, 'sub.1', grantWindow),
    {
      ...submissionGrant(user.id, 'sub.1', grantWindow),
      id: 'grant.criteria',
      scope: { kind: 'compartment', compartment: 'CRITERIA' },
    },
    {
      ...submissionGrant(user.id, 'sub.1', grantWindow),
      id: 'grant.benchmarks',
      scope: { kind: 'compartment', compartment: 'BENCHMARKS' },
    },
  ];
  const approvals: ApprovalRequest[] =
    scenario.approvalHeld && (sensitiveActions as readonly string[]).includes(action)
      ? [
          {
            id: 'approval.1',
            request: {
              action: action as 'credential.unmask',
              submissionId: 'sub.1',
              objectId: 'object.1',
              reason: 'needed',
            },
            requesterId: user.id,
            requesterRole: role,
            requestedAt: addDays(testNow, -0.1),
            expiresAt: addDays(testNow, 0.5),
            status: 'approved',
            decision: {
              deciderId: 'user.other-officer',
              deciderRole: 'security_officer',
              decidedAt: testNow,
              approved: true,
            },
          },
        ]
      : [];
  return {
    user,
    agreement: {
      current: currentAgreement,
      acceptances: scenario.agreementAccepted
        ? [
            {
              userId: user.id,
              agreementId: currentAgreement.id,
              version: currentAgreement.version,
              acceptedAt: testNow,
            },
          ]
        : [{ userId: user.id, agreementId: currentAgreement.id, version: 1, acceptedAt: testNow }],
    },
    grants,
    approvals,
  };
}
