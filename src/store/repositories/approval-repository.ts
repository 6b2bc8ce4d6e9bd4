import type { Selectable } from 'kysely';
import type { ApprovalRequest, ApprovalStatus } from '../../programme/index.js';
import { approvalRequestSchema } from '../../programme/index.js';
import type { ApprovalsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { iso, optional, optionalIso, parseStored } from './stored-value.js';

/**
 * Two-person approval requests. The domain decides (`decideApproval`, `useApproval`); the
 * repository stores each step only from the state it expects, so two deciders racing, or one
 * approval used twice, leave one winner. The schema also refuses a decider who is the requester.
 */
export interface ApprovalRepository {
  insert(request: ApprovalRequest): Promise<void>;
  get(id: string): Promise<ApprovalRequest | undefined>;
  /** The requests about one object, newest first. */
  listForObject(objectId: string): Promise<ApprovalRequest[]>;
  /** One person's requests, newest first. */
  listByRequester(requesterId: string): Promise<ApprovalRequest[]>;
  /** Every request, newest first (for the security officers who decide them). */
  list(): Promise<ApprovalRequest[]>;
  /** Stores a decided request if it was still pending; false when someone decided first. */
  saveDecision(request: ApprovalRequest): Promise<boolean>;
  /** Stores a used request if it was approved and unused; false when it was used already. */
  saveUse(request: ApprovalRequest): Promise<boolean>;
}

function fromRow(row: Selectable<ApprovalsTable>): ApprovalRequest {
  const decision =
    row.decider_id === null ||
    row.decider_role === null ||
    row.decided_at === null ||
    row.approved === null
      ? {}
      : {
          decision: {
            deciderId: row.decider_id,
            deciderRole: row.decider_role,
            decidedAt: iso(row.decided_at),
            approved: row.approved,
            ...optional('comment', row.comment),
          },
        };
  return parseStored(
    approvalRequestSchema,
    {
      id: row.id,
      request: row.request,
      requesterId: row.requester_id,
      requesterRole: row.requester_role,
      requestedAt: iso(row.requested_at),
      expiresAt: iso(row.expires_at),
      status: row.status,
      ...decision,
      ...optionalIso('usedAt', row.used_at),
    },
    `approval request ${row.id}`,
    'approvals',
  );
}

function decisionColumns(request: ApprovalRequest) {
  return {
    status: request.status,
    decider_id: request.decision?.deciderId ?? null,
    decider_role: request.decision?.deciderRole ?? null,
    decided_at: request.decision?.decidedAt ?? null,
    approved: request.decision?.approved ?? null,
    comment: request.decision?.comment ?? null,
    used_at: request.usedAt ?? null,
  };
}

export function approvalRepository(db: Executor): ApprovalRepository {
  const newestFirst = () =>
    db.selectFrom('approvals').selectAll().orderBy('requested_at', 'desc').orderBy('id');
  const saveFrom = async (request: ApprovalRequest, expected: ApprovalStatus) => {
    const result = await db
      .updateTable('approvals')
      .set(decisionColumns(request))
      .where('id', '=', request.id)
      .where('status', '=', expected)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  };
  return {
    insert: async (request) => {
      await db
        .insertInto('approvals')
        .values({
          id: request.id,
          action: request.request.action,
          submission_id: request.request.submissionId ?? null,
          object_id: request.request.objectId,
          request: JSON.stringify(request.request),
          requester_id: request.requesterId,
          requester_role: request.requesterRole,
          requested_at: request.requestedAt,
          expires_at: request.expiresAt,
          ...decisionColumns(request),
        })
        .execute();
    },
    get: async (id) => {
      const row = await db
        .selectFrom('approvals')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listForObject: async (objectId) =>
      (await newestFirst().where('object_id', '=', objectId).execute()).map(fromRow),
    listByRequester: async (requesterId) =>
      (await newestFirst().where('requester_id', '=', requesterId).execute()).map(fromRow),
    list: async () => (await newestFirst().execute()).map(fromRow),
    saveDecision: (request) => saveFrom(request, 'pending'),
    saveUse: (request) => saveFrom(request, 'approved'),
  };
}
