import type { ApprovalRequest } from '../../programme/index.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { ApprovalRepository } from '../../store/repositories/approval-repository.js';
import type { Executor } from '../../store/store.js';

/**
 * Two-person approval requests. A decision is stored only over a pending request and a use only
 * over an approved one, so racing deciders or users leave one winner; the schema refuses a
 * decider who is the requester.
 */
export interface ApprovalData extends Pick<
  ApprovalRepository,
  'insert' | 'get' | 'saveDecision' | 'saveUse'
> {
  /** One requester's requests, or everyone's, newest first. */
  list(requesterId?: string): Promise<ApprovalRequest[]>;
}

export function approvalData(db: Executor): ApprovalData {
  const { approvals } = repositories(db);
  return {
    insert: (request) => approvals.insert(request),
    get: (id) => approvals.get(id),
    saveDecision: (request) => approvals.saveDecision(request),
    saveUse: (request) => approvals.saveUse(request),
    list: (requesterId) =>
      requesterId === undefined ? approvals.list() : approvals.listByRequester(requesterId),
  };
}
