import { TransitionError } from '../errors/transition-error.js';
import { fail, ok, type Result } from '../result.js';
import { windowCountdown } from '../window/access-window.js';
import { applySubmissionEvent } from './apply-submission-event.js';
import type { Submission } from './submission.js';
import type { SubmissionEvent } from './submission-event.js';
import type { SubmissionState } from './submission-state.js';

/** Why a stored event stream does not replay: the event that was refused and the error. */
export interface ReplayFailure {
  readonly eventIndex: number;
  readonly error: TransitionError;
}

/** The current submission: a fold over its events, oldest first. */
export function replaySubmission(
  events: readonly SubmissionEvent[],
): Result<Submission, ReplayFailure> {
  let submission: Submission | undefined;
  for (const [eventIndex, event] of events.entries()) {
    const applied = applySubmissionEvent(submission, event);
    if (!applied.ok) return fail({ eventIndex, error: applied.error });
    submission = applied.value.submission;
  }
  if (submission === undefined) {
    return fail({ eventIndex: 0, error: noEvents() });
  }
  return ok(submission);
}

function noEvents(): TransitionError {
  return new TransitionError('no_submission', 'there are no events to replay', {
    state: undefined,
    eventType: 'submission-drafted',
    allowed: ['submission-drafted'],
    hint: 'a submission starts with submission-drafted',
  });
}

/**
 * The state at `now`: as the events left it, except that an open window whose time has run out
 * is closed even before anyone records `window-closed` — a late job never extends access.
 */
export function submissionStateAt(submission: Submission, now: string): SubmissionState {
  if (submission.state === 'window_open' && submission.window !== undefined) {
    return windowCountdown(submission.window, now).open ? 'window_open' : 'window_closed';
  }
  return submission.state;
}
