import type { Role } from '../identity/role.js';
import type { Action } from './action.js';
import type { PolicyResource } from './policy-input.js';
import type { Requirement } from './requirement.js';

/** Every person touching submission data: cleared, read in, agreed, with a live grant. */
const dataAccess: readonly Requirement[] = [
  'clearance',
  'compartments',
  'agreement',
  'need_to_know',
  'marking_current',
];
/** A worker is a non-human identity: it signs no agreement (its operators did). */
const workerAccess: readonly Requirement[] = [
  'clearance',
  'compartments',
  'need_to_know',
  'marking_current',
];
const developerData: readonly Requirement[] = [
  'own_organisation',
  'released_to_developer',
  ...dataAccess,
];
const agencyData: readonly Requirement[] = ['assigned_agency', ...dataAccess];
const partnerData: readonly Requirement[] = ['active_partner', ...dataAccess];

/** One row: the resource the action applies to, and per role what must hold. No role, no access. */
export interface PolicyRow {
  readonly resource: PolicyResource['kind'];
  readonly roles: Partial<Readonly<Record<Role, readonly Requirement[]>>>;
}

/**
 * The policy. Deny by default: a role not listed for an action is refused. Participation acts
 * (submit, withdraw, record or declare a release) need only that the submission is the
 * developer's own — no clearance, grant or agreement may delay a withdrawal or a release.
 */
export const policyTable: Readonly<Record<Action, PolicyRow>> = {
  // Participation: the developer's own acts.
  'submission.create': { resource: 'submission', roles: { developer_admin: ['own_organisation'] } },
  'submission.submit': { resource: 'submission', roles: { developer_admin: ['own_organisation'] } },
  'submission.withdraw': {
    resource: 'submission',
    roles: { developer_admin: ['own_organisation'] },
  },
  'submission.record_release': {
    resource: 'submission',
    roles: { developer_admin: ['own_organisation'], developer_member: ['own_organisation'] },
  },
  'submission.declare_release_date': {
    resource: 'submission',
    roles: { developer_admin: ['own_organisation'], developer_member: ['own_organisation'] },
  },
  'partner.approve_as_developer': {
    resource: 'submission',
    roles: { developer_admin: ['own_organisation'] },
  },
  'determination.read_sanitised': {
    resource: 'determination',
    roles: { developer_admin: ['own_organisation'], developer_member: ['own_organisation'] },
  },

  // Submission data.
  'submission.read': {
    resource: 'submission',
    roles: {
      developer_admin: developerData,
      developer_member: developerData,
      agency_lead: agencyData,
      agency_evaluator: agencyData,
      adjudicator: dataAccess,
      coordinator: dataAccess,
      security_officer: dataAccess,
      partner_user: partnerData,
    },
  },
  'evaluation.read': {
    resource: 'submission',
    roles: {
      developer_admin: developerData,
      developer_member: developerData,
      agency_lead: agencyData,
      agency_evaluator: agencyData,
      adjudicator: dataAccess,
      partner_user: partnerData,
    },
  },
  'evaluation.write': {
    resource: 'submission',
    roles: {
      agency_lead: agencyData,
      agency_evaluator: agencyData,
      partner_user: partnerData,
      worker: workerAccess,
    },
  },
  // Launching a track's evaluations against the model: the window must be open, and an agency
  // launches only on the tracks it was assigned.
  'evaluation.launch': {
    resource: 'submission',
    roles: {
      agency_lead: [...agencyData, 'assigned_track', 'window_open'],
      agency_evaluator: [...agencyData, 'assigned_track', 'window_open'],
      partner_user: [...partnerData, 'window_open'],
    },
  },
  'model.query': {
    resource: 'submission',
    roles: {
      agency_lead: [...agencyData, 'window_open'],
      agency_evaluator: [...agencyData, 'window_open'],
      partner_user: [...partnerData, 'window_open'],
      worker: [...workerAccess, 'window_open'],
    },
  },
  'run.record': { resource: 'submission', roles: { worker: workerAccess } },

  // Lifecycle and programme management.
  'submission.advance': {
    resource: 'submission',
    roles: { coordinator: dataAccess, adjudicator: dataAccess },
  },
  'assignment.manage': { resource: 'submission', roles: { coordinator: ['agreement'] } },
  'partner.approve_as_government': {
    resource: 'submission',
    roles: { coordinator: ['agreement'] },
  },

  // Designation: criteria and determinations are sealed.
  'criteria.read': {
    resource: 'criteria',
    roles: { agency_lead: dataAccess, adjudicator: dataAccess, coordinator: dataAccess },
  },
  'criteria.draft': { resource: 'criteria', roles: { coordinator: dataAccess } },
  'criteria.sign': { resource: 'criteria', roles: { agency_lead: dataAccess } },
  'determination.read_sealed': {
    resource: 'determination',
    roles: { adjudicator: dataAccess, coordinator: dataAccess, agency_lead: agencyData },
  },
  'determination.record': { resource: 'determination', roles: { adjudicator: dataAccess } },

  // Sealed benchmark items: cleared government staff see what exists; the coordinator curates;
  // the items themselves open to the coordinator and agency leads, and to the worker that runs them.
  'benchmark.read': {
    resource: 'benchmark',
    roles: {
      agency_lead: dataAccess,
      agency_evaluator: dataAccess,
      adjudicator: dataAccess,
      coordinator: dataAccess,
    },
  },
  'benchmark.manage': { resource: 'benchmark', roles: { coordinator: dataAccess } },
  'benchmark.open': {
    resource: 'benchmark',
    roles: { agency_lead: dataAccess, coordinator: dataAccess },
  },
  'benchmark.use': { resource: 'benchmark', roles: { worker: workerAccess } },

  // Security administration: no evaluation content.
  'grant.issue': { resource: 'programme', roles: { security_officer: ['agreement'] } },
  'clearance.manage': { resource: 'programme', roles: { security_officer: ['agreement'] } },
  'account.administer': { resource: 'programme', roles: { security_officer: ['agreement'] } },
  'approval.request': {
    resource: 'programme',
    roles: {
      agency_lead: ['agreement'],
      agency_evaluator: ['agreement'],
      coordinator: ['agreement'],
      adjudicator: ['agreement'],
    },
  },
  'approval.decide': { resource: 'programme', roles: { security_officer: ['agreement'] } },

  // Sensitive actions: a second person approved this very request.
  'credential.unmask': {
    resource: 'submission',
    roles: {
      agency_lead: [...agencyData, 'second_person'],
      coordinator: [...dataAccess, 'second_person'],
    },
  },
  'transcripts.export': {
    resource: 'submission',
    roles: {
      agency_lead: [...agencyData, 'second_person'],
      agency_evaluator: [...agencyData, 'second_person'],
    },
  },
  'marking.lower': {
    resource: 'submission',
    roles: {
      agency_lead: [...agencyData, 'second_person'],
      coordinator: [...dataAccess, 'second_person'],
      adjudicator: [...dataAccess, 'second_person'],
    },
  },

  // Refused for everyone, whatever they hold.
  'export.bulk': { resource: 'programme', roles: {} },

  // The audit trail: the auditor reads and verifies it, and does nothing else.
  'audit.read': { resource: 'programme', roles: { auditor: ['agreement'] } },
  'audit.verify': { resource: 'programme', roles: { auditor: ['agreement'] } },
};
