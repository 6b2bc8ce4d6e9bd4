import type { Action, SubmissionEvent } from '../../../programme/index.js';
import type { AppContext } from '../../context.js';
import { submissionView, type SubmissionView } from '../submission-views.js';
import { loadSubmissionRecord } from './load.js';
import { recordSubmissionEvent } from './record-event.js';
import { submissionResource } from './submission-resource.js';
import { routeTools } from './tools.js';

/** An event without the fields every event of this request shares. */
export type EventBody = DistributiveOmit<SubmissionEvent, 'submissionId' | 'actorId' | 'at'>;
type DistributiveOmit<Union, Key extends PropertyKey> = Union extends unknown
  ? Omit<Union, Key>
  : never;

/**
 * The shape of most submission routes: the caller must be allowed `action` on the submission
 * (the decision recorded), then the event is applied in one transaction, and the submission is
 * shown as it is now.
 */
export async function actOnSubmission(
  context: AppContext,
  submissionId: string,
  action: Action,
  event: (at: string) => EventBody,
): Promise<SubmissionView> {
  const { services, data, guard, now, actor } = routeTools(context);
  const record = await loadSubmissionRecord(data, submissionId);
  await guard.require(action, await submissionResource(data, record));
  const next = await recordSubmissionEvent(services, actor, submissionId, (_record, at) => ({
    ...event(at),
    submissionId,
    actorId: actor.userId,
    at,
  }));
  return submissionView(data, next, now());
}
