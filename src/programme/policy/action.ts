import { sensitiveActions } from '../approval/approval-request.js';

/**
 * Everything a route can ask the policy about. Grouped by what they touch; the table in
 * `policy-table.ts` says who may do each and what they must hold.
 */
export const actions = [
  // Participation: the developer's own acts.
  'submission.create',
  'submission.submit',
  'submission.withdraw',
  'submission.record_release',
  'submission.declare_release_date',
  'partner.approve_as_developer',
  'determination.read_sanitised',
  // Submission data.
  'submission.read',
  'evaluation.read',
  'evaluation.write',
  'evaluation.launch',
  'model.query',
  'run.record',
  // Lifecycle and programme management.
  'submission.advance',
  'assignment.manage',
  'partner.approve_as_government',
  // Designation.
  'criteria.read',
  'criteria.draft',
  'criteria.sign',
  'determination.read_sealed',
  'determination.record',
  // Sealed benchmark items.
  'benchmark.read',
  'benchmark.manage',
  'benchmark.open',
  'benchmark.use',
  // Security administration.
  'grant.issue',
  'clearance.manage',
  'account.administer',
  'approval.request',
  'approval.decide',
  // Sensitive actions: need an approved two-person request.
  ...sensitiveActions,
  // Always refused.
  'export.bulk',
  // The audit trail.
  'audit.read',
  'audit.verify',
] as const;

export type Action = (typeof actions)[number];
