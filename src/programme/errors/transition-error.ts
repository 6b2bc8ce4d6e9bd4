import { VigilError } from '../../core/errors/vigil-error.js';
import type { SubmissionEventType } from '../submission/submission-event.js';
import type { SubmissionState } from '../submission/submission-state.js';

/** Which lifecycle rule refused an event. */
export type TransitionErrorCode =
  | 'not_allowed_in_state'
  | 'no_submission'
  | 'already_drafted'
  | 'other_submission'
  | 'out_of_order'
  | 'window_still_open'
  | 'already_released';

/**
 * A submission event was refused. Says why, the state it was refused in and which events that
 * state accepts, so the caller can tell a person what they can do instead.
 */
export class TransitionError extends VigilError {
  readonly code: TransitionErrorCode;
  readonly state: SubmissionState | undefined;
  readonly eventType: SubmissionEventType;
  readonly allowed: readonly SubmissionEventType[];

  constructor(
    code: TransitionErrorCode,
    message: string,
    details: {
      state: SubmissionState | undefined;
      eventType: SubmissionEventType;
      allowed: readonly SubmissionEventType[];
      hint?: string;
    },
  ) {
    super(message, {
      hint:
        details.hint ??
        (details.allowed.length === 0
          ? 'no event is accepted here'
          : `allowed now: ${details.allowed.join(', ')}`),
    });
    this.code = code;
    this.state = details.state;
    this.eventType = details.eventType;
    this.allowed = details.allowed;
  }
}
