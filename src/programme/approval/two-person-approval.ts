import { describeIssues } from '../../core/validation/parse-with.js';
import { ApprovalError } from '../errors/approval-error.js';
import type { User } from '../identity/user.js';
import { isDowngrade } from '../marking/dominates.js';
import { fail, ok, type Result } from '../result.js';
import { fromEpochMs, toEpochMs, type Timestamp } from '../time/timestamp.js';
import {
  approvalRequestInputSchema,
  type ApprovalRequest,
  type SensitiveAction,
} from './approval-request.js';
import { approvalRules, defaultApprovalValidityMs } from './approval-rules.js';

function isBulkExport(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    'action' in value &&
    value.action === 'export.bulk'
  );
}

/**
 * Opens a two-person request from raw input. Bulk export is refused outright — no approval can
 * make it acceptable. A marking change must actually lower the marking (raising needs nobody).
 */
export function requestApproval(
  id: string,
  rawInput: unknown,
  requester: User,
  now: Timestamp,
  validForMs: number = defaultApprovalValidityMs,
): Result<ApprovalRequest, ApprovalError> {
  if (isBulkExport(rawInput)) {
    return fail(
      new ApprovalError('bulk_export_refused', 'bulk export is always refused', {
        hint: 'request a transcripts.export for one submission’s transcripts instead',
      }),
    );
  }
  const parsed = approvalRequestInputSchema.safeParse(rawInput);
  if (!parsed.success) {
    return fail(
      new ApprovalError('invalid_request', describeIssues(parsed.error), {
        hint: 'send action (credential.unmask, transcripts.export or marking.lower), objectId and reason',
      }),
    );
  }
  const request = parsed.data;
  const rules = approvalRules[request.action];
  if (!rules.requesters.includes(requester.role)) {
    return fail(
      new ApprovalError(
        'requester_role',
        `role ${requester.role} cannot request ${request.action}`,
        {
          hint: `it is requested by ${rules.requesters.join(' or ')}`,
        },
      ),
    );
  }
  if (request.action === 'marking.lower' && !isDowngrade(request.from, request.to)) {
    return fail(
      new ApprovalError('not_a_downgrade', 'the new marking is not lower than the old one', {
        hint: 'raising a marking needs no second person; change it directly',
      }),
    );
  }
  return ok({
    id,
    request,
    requesterId: requester.id,
    requesterRole: requester.role,
    requestedAt: now,
    expiresAt: fromEpochMs(toEpochMs(now) + Math.max(0, validForMs)),
    status: 'pending',
  });
}

/**
 * Records a second person's decision. The requester can never decide their own request, and
 * the decider must hold an approving role for the action.
 */
export function decideApproval(
  approval: ApprovalRequest,
  decider: User,
  approved: boolean,
  now: Timestamp,
  comment?: string,
): Result<ApprovalRequest, ApprovalError> {
  if (decider.id === approval.requesterId) {
    return fail(
      new ApprovalError('self_approval', 'you cannot decide your own request', {
        hint: 'a different person must approve it',
      }),
    );
  }
  const rules = approvalRules[approval.request.action];
  if (!rules.approvers.includes(decider.role)) {
    return fail(
      new ApprovalError(
        'approver_role',
        `role ${decider.role} cannot decide ${approval.request.action}`,
        {
          hint: `it is decided by a ${rules.approvers.join(' or ')}`,
        },
      ),
    );
  }
  if (approval.status !== 'pending') {
    return fail(new ApprovalError('not_pending', `the request is already ${approval.status}`));
  }
  if (toEpochMs(now) >= toEpochMs(approval.expiresAt)) {
    return fail(
      new ApprovalError('expired', `the request expired at ${approval.expiresAt}`, {
        hint: 'ask the requester to make a new request',
      }),
    );
  }
  return ok({
    ...approval,
    status: approved ? 'approved' : 'rejected',
    decision: {
      deciderId: decider.id,
      deciderRole: decider.role,
      decidedAt: now,
      approved,
      ...(comment === undefined ? {} : { comment }),
    },
  });
}

/** What a sensitive action is about to be done to, and by whom. */
export interface ApprovalTarget {
  readonly userId: string;
  readonly action: SensitiveAction;
  readonly objectId: string;
  readonly submissionId: string | undefined;
}

/** An approved, unused, unexpired request by this user for exactly this action and object. */
export function findUsableApproval(
  approvals: readonly ApprovalRequest[],
  target: ApprovalTarget,
  now: Timestamp,
): ApprovalRequest | undefined {
  return approvals.find(
    (approval) =>
      approval.status === 'approved' &&
      approval.requesterId === target.userId &&
      approval.decision !== undefined &&
      approval.decision.deciderId !== approval.requesterId &&
      approval.request.action === target.action &&
      approval.request.objectId === target.objectId &&
      (approval.request.submissionId === undefined ||
        approval.request.submissionId === target.submissionId) &&
      toEpochMs(now) < toEpochMs(approval.expiresAt),
  );
}

/** Marks an approval used: each approval covers one action, once. */
export function useApproval(
  approval: ApprovalRequest,
  now: Timestamp,
): Result<ApprovalRequest, ApprovalError> {
  if (approval.status !== 'approved') {
    return fail(
      new ApprovalError('not_approved', `the request is ${approval.status}, not approved`),
    );
  }
  if (toEpochMs(now) >= toEpochMs(approval.expiresAt)) {
    return fail(new ApprovalError('expired', `the approval expired at ${approval.expiresAt}`));
  }
  return ok({ ...approval, status: 'used', usedAt: now });
}
