import { windowClosing } from '../../programme/index.js';
import { programmeData } from '../data/programme-data.js';
import {
  recordSubmissionEvent,
  type EventActor,
  type EventServices,
} from '../routes/shared/record-event.js';

/**
 * Records the expiry of every open window whose time has run out (its cap, or the declared
 * release date), as the worker: access is refused by time already, but this is what purges the
 * stored credential at the window's end rather than whenever someone next records it. Returns
 * the submissions it closed.
 */
export async function closeExpiredWindows(
  services: EventServices,
  actor: EventActor,
): Promise<string[]> {
  const now = services.clock.now().getTime();
  const closed: string[] = [];
  for (const record of await programmeData(services.store.db).submissions.list()) {
    const { submission } = record;
    if (submission.state !== 'window_open' || submission.window === undefined) continue;
    if (Date.parse(windowClosing(submission.window).closesAt) > now) continue;
    try {
      await recordSubmissionEvent(services, actor, submission.id, (_record, at) => ({
        type: 'window-closed',
        submissionId: submission.id,
        actorId: actor.userId,
        at,
        reason: 'the access window reached its end',
        cause: 'expired',
      }));
      closed.push(submission.id);
    } catch {
      // A release or a withdrawal recorded meanwhile closed it first; the next sweep sees it.
    }
  }
  return closed;
}
