/**
 * The reviewed authorisation table: who may use each route, written from the product brief's
 * roles (not read off the policy code), for the matrix test to hold the service to.
 *
 * Each role's entry says when access is intended:
 * - `never`: refused whatever the person holds.
 * - `any`: allowed whatever their organisation and compartments (programme-wide duties).
 * - `own`: only on their own organisation's submission (developers), their assigned agency's
 *   (agency staff) or the submission they are an active partner on; compartments do not matter
 *   (participation acts must never wait on a clearance).
 * - `held`: only when read into the object's compartments, whatever their organisation.
 * - `own+held`: both.
 * - `approval:…`: eligible under the condition, but a sensitive action: without a second person's
 *   approval the answer is "approval required" — and a plain refusal when the condition fails.
 * - `self`: anyone signed in (their own account, or a view filtered to what they may see).
 * - `public`: anyone, signed in or not.
 * Roles left out of an entry are `never`. The worker acts through an API token only.
 */
export type Intent =
  | 'never'
  | 'any'
  | 'own'
  | 'held'
  | 'own+held'
  | 'approval:own+held'
  | 'approval:held'
  | 'self'
  | 'public';

export type MatrixRole =
  | 'developer_admin'
  | 'developer_member'
  | 'agency_lead'
  | 'agency_evaluator'
  | 'adjudicator'
  | 'coordinator'
  | 'security_officer'
  | 'partner_user'
  | 'auditor'
  | 'worker';

export type RoleIntents = Partial<Record<MatrixRole, Intent>> | 'self' | 'public';

/** Developers and the agency staff, partners assigned to it, reading a submission (brief: Roles). */
const readsSubmission: RoleIntents = {
  developer_admin: 'own+held',
  developer_member: 'own+held',
  agency_lead: 'own+held',
  agency_evaluator: 'own+held',
  adjudicator: 'held',
  coordinator: 'held',
  // Security officers see submissions to administer access, never evaluation content.
  security_officer: 'held',
  partner_user: 'own+held',
};

/**
 * Evaluation content (runs, transcripts): the government evaluators of assigned agencies, the
 * adjudicator and active partners. Not the security officer ("cannot read evaluation content"),
 * not the coordinator (manages, does not evaluate), and not the developer (it receives the
 * sanitised determination and the reports, not the raw evaluation data).
 */
const readsEvaluation: RoleIntents = {
  agency_lead: 'own+held',
  agency_evaluator: 'own+held',
  adjudicator: 'held',
  partner_user: 'own+held',
};

/** The government side moving a submission along (coordinator, adjudicator), cleared for it. */
const advancesLifecycle: RoleIntents = { coordinator: 'held', adjudicator: 'held' };

/** The security officer's programme-wide administration. */
const administers: RoleIntents = { security_officer: 'any' };

/** The designation criteria: sealed, for cleared government roles that write, sign or apply them. */
const readsCriteria: RoleIntents = {
  agency_lead: 'held',
  adjudicator: 'held',
  coordinator: 'held',
};

/**
 * Sealed benchmark items (brief: "benchmark items are sealed: visible to cleared government
 * roles only"): agency staff, the adjudicator and the coordinator see what exists, read in; the
 * items themselves open to the coordinator, who curates them, and to agency leads.
 */
const readsBenchmarks: RoleIntents = {
  agency_lead: 'held',
  agency_evaluator: 'held',
  adjudicator: 'held',
  coordinator: 'held',
};

/** The sanitised release: the developer's own, without any clearance. */
const readsRelease: RoleIntents = { developer_admin: 'own', developer_member: 'own' };

/** The table, by route (`METHOD path`). */
export const authorizationTable: Readonly<Record<string, RoleIntents>> = {
  'GET /api/health': 'public',
  'POST /api/auth/login': 'public',
  'GET /api/auth/session': 'self',
  'POST /api/auth/logout': 'self',
  'POST /api/auth/password': 'self',
  'POST /api/auth/totp/enrol': 'self',
  'POST /api/auth/totp/confirm': 'self',
  'POST /api/auth/tokens': 'self',
  'GET /api/auth/tokens': 'self',
  'DELETE /api/auth/tokens/{tokenId}': 'self',

  'GET /api/organisations': administers,
  'POST /api/organisations': administers,
  'GET /api/users': administers,
  'POST /api/users': administers,
  'GET /api/users/{userId}': administers,
  'PUT /api/users/{userId}/clearance': administers,
  'POST /api/users/{userId}/password-reset': administers,
  'POST /api/users/{userId}/disable': administers,
  'POST /api/users/{userId}/tokens': administers,
  'POST /api/grants': administers,
  'GET /api/grants': administers,
  'POST /api/grants/{grantId}/revoke': administers,
  'GET /api/agreements/current': 'self',
  'POST /api/agreements/current/accept': 'self',
  'POST /api/agreements': administers,

  // Opting in is the developer organisation's own act, by its admin, for its own organisation.
  'POST /api/submissions': { developer_admin: 'any' },
  'GET /api/submissions': 'self',
  'GET /api/submissions/{submissionId}': readsSubmission,
  'GET /api/submissions/{submissionId}/events': readsSubmission,
  'GET /api/submissions/{submissionId}/countdown': readsSubmission,
  'POST /api/submissions/{submissionId}/submit': { developer_admin: 'own' },
  'PUT /api/submissions/{submissionId}/access-grant': { developer_admin: 'own' },
  // A release is a fact any of the developer's staff may record; nothing may hold it up.
  'POST /api/submissions/{submissionId}/release': {
    developer_admin: 'own',
    developer_member: 'own',
  },
  'POST /api/submissions/{submissionId}/release-date': {
    developer_admin: 'own',
    developer_member: 'own',
  },
  // Withdrawal is the organisation's decision: its admin's.
  'POST /api/submissions/{submissionId}/withdraw': { developer_admin: 'own' },

  'POST /api/submissions/{submissionId}/qualification': advancesLifecycle,
  'POST /api/submissions/{submissionId}/battery': advancesLifecycle,
  'POST /api/submissions/{submissionId}/window': advancesLifecycle,
  'POST /api/submissions/{submissionId}/window/close': advancesLifecycle,
  'POST /api/submissions/{submissionId}/report': advancesLifecycle,

  'GET /api/submissions/{submissionId}/assignments': readsSubmission,
  // The coordinator assigns tracks and nominates partners (brief: coordinator).
  'POST /api/submissions/{submissionId}/assignments': { coordinator: 'any' },
  'GET /api/submissions/{submissionId}/partners': readsSubmission,
  'POST /api/submissions/{submissionId}/partners': { coordinator: 'any' },
  // Chosen jointly: the government through the coordinator, the developer through its admin.
  'POST /api/partners/{partnerId}/approve': { coordinator: 'any', developer_admin: 'own' },

  'GET /api/programme/status': 'self',
  'GET /api/criteria': 'self',
  'POST /api/criteria': { coordinator: 'held' },
  'GET /api/criteria/{criteriaVersionId}': readsCriteria,
  'POST /api/criteria/{criteriaVersionId}/sign': { agency_lead: 'held' },

  'GET /api/benchmarks': 'self',
  'POST /api/benchmarks': { coordinator: 'held' },
  'GET /api/benchmarks/{benchmarkId}': readsBenchmarks,
  'GET /api/benchmarks/{benchmarkId}/items': { agency_lead: 'held', coordinator: 'held' },
  'POST /api/benchmarks/{benchmarkId}/retire': { coordinator: 'held' },

  'POST /api/determinations': { adjudicator: 'held' },
  'GET /api/determinations/{determinationId}': {
    adjudicator: 'held',
    coordinator: 'held',
    agency_lead: 'own+held',
  },
  'GET /api/determinations/{determinationId}/release': readsRelease,
  'GET /api/submissions/{submissionId}/determination': readsRelease,

  'GET /api/submissions/{submissionId}/runs': readsEvaluation,
  'GET /api/runs/{runId}': readsEvaluation,
  'GET /api/evaluation-suites': 'self',
  // Launching a track's suites needs an open window; the world's submission has none, so
  // everyone is refused here (who may launch once it opens: the policy matrix and the track
  // evaluation tests).
  'POST /api/submissions/{submissionId}/evaluations': {},
  'GET /api/jobs/{jobId}': readsSubmission,

  // Requests for unmasking a credential: agency leads and the coordinator ask.
  'POST /api/approvals': { agency_lead: 'any', coordinator: 'any' },
  'GET /api/approvals': {
    security_officer: 'any',
    agency_lead: 'any',
    agency_evaluator: 'any',
    coordinator: 'any',
    adjudicator: 'any',
  },
  'POST /api/approvals/{approvalId}/decide': { security_officer: 'any' },

  'POST /api/submissions/{submissionId}/credential/unmask': {
    agency_lead: 'approval:own+held',
    coordinator: 'approval:held',
  },
  'POST /api/submissions/{submissionId}/transcripts/export': {
    agency_lead: 'approval:own+held',
    agency_evaluator: 'approval:own+held',
  },
  'POST /api/submissions/{submissionId}/marking/lower': {
    agency_lead: 'approval:own+held',
    coordinator: 'approval:held',
    adjudicator: 'approval:held',
  },
  // Bulk export: refused for everyone, always.
  'GET /api/export': {},

  // The auditor reads and verifies the trail, and does nothing else.
  'GET /api/audit': { auditor: 'any' },
  'GET /api/audit/verify': { auditor: 'any' },
};
