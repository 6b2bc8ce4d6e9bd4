import { TransitionError, type TransitionErrorCode } from '../errors/transition-error.js';
import { fail, ok, type Result } from '../result.js';
import { earlier, isBefore } from '../time/timestamp.js';
import { windowClosing } from '../window/access-window.js';
import { acceptedInStates, allowedEvents, neverRefusedEvents } from './lifecycle-table.js';
import type { Submission, SubmissionEffect } from './submission.js';
import type { SubmissionEvent } from './submission-event.js';

/** A submission after an event, and what the store must do about it at once. */
export interface AppliedEvent {
  readonly submission: Submission;
  readonly effects: readonly SubmissionEffect[];
}

/** The earlier of a recorded time (if any) and a new one: repeated facts keep the first moment. */
function earliest(recorded: string | undefined, next: string): string {
  return recorded === undefined ? next : earlier(recorded, next);
}

/** The stored access credential is destroyed: at withdrawal and whenever the window closes. */
function purge(submissionId: string): SubmissionEffect {
  return { kind: 'purge_access_credential', submissionId };
}

function refuse(
  code: TransitionErrorCode,
  message: string,
  submission: Submission | undefined,
  event: SubmissionEvent,
  hint?: string,
): { readonly ok: false; readonly error: TransitionError } {
  return fail(
    new TransitionError(code, message, {
      state: submission?.state,
      eventType: event.type,
      allowed: allowedEvents(submission?.state),
      ...(hint === undefined ? {} : { hint }),
    }),
  );
}

/**
 * Applies one event to a submission (or creates it from `submission-drafted`). Pure: the store
 * appends the event and carries out the effects in one transaction. A refused event comes back
 * as a TransitionError saying why and which events the state accepts.
 */
export function applySubmissionEvent(
  submission: Submission | undefined,
  event: SubmissionEvent,
): Result<AppliedEvent, TransitionError> {
  if (submission === undefined) {
    if (event.type !== 'submission-drafted') {
      return refuse(
        'no_submission',
        `submission ${event.submissionId} has no events yet; its first event must be submission-drafted`,
        undefined,
        event,
      );
    }
    return ok({
      submission: {
        id: event.submissionId,
        developerOrganisationId: event.developerOrganisationId,
        modelId: event.modelId,
        state: 'draft',
        draftedAt: event.at,
        lastEventAt: event.at,
        eventCount: 1,
      },
      effects: [],
    });
  }
  if (event.submissionId !== submission.id) {
    return refuse(
      'other_submission',
      `the event is for submission ${event.submissionId}, not ${submission.id}`,
      submission,
      event,
      'apply each event to the submission it names',
    );
  }
  if (event.type === 'submission-drafted') {
    return refuse(
      'already_drafted',
      `submission ${submission.id} already exists (drafted ${submission.draftedAt})`,
      submission,
      event,
    );
  }
  if (!acceptedInStates[event.type].includes(submission.state)) {
    return refuse(
      'not_allowed_in_state',
      `${event.type} is not accepted while the submission is ${submission.state}`,
      submission,
      event,
    );
  }
  if (!neverRefusedEvents.includes(event.type) && isBefore(event.at, submission.lastEventAt)) {
    return refuse(
      'out_of_order',
      `the event's time ${event.at} is before the submission's last event (${submission.lastEventAt})`,
      submission,
      event,
      'record events in the order they happen, with the current time',
    );
  }
  return transition(submission, event);
}

function transition(
  submission: Submission,
  event: Exclude<SubmissionEvent, { type: 'submission-drafted' }>,
): Result<AppliedEvent, TransitionError> {
  const lastEventAt = isBefore(submission.lastEventAt, event.at)
    ? event.at
    : submission.lastEventAt;
  const next = { ...submission, lastEventAt, eventCount: submission.eventCount + 1 };
  const revoke: SubmissionEffect = { kind: 'revoke_model_access', submissionId: submission.id };
  switch (event.type) {
    case 'submission-submitted':
      return ok({ submission: { ...next, state: 'submitted' }, effects: [] });
    case 'qualification-started':
      return ok({ submission: { ...next, state: 'qualifying' }, effects: [] });
    case 'designation-recorded':
      return ok({
        submission: {
          ...next,
          state: event.designated ? 'designated' : 'not_designated',
          determinationId: event.determinationId,
        },
        effects: [],
      });
    case 'window-opened': {
      if (submission.releasedAt !== undefined) {
        return refuse(
          'already_released',
          `the model was released at ${submission.releasedAt}; early access is for models not yet released`,
          submission,
          event,
          'test the released model outside the programme window',
        );
      }
      const window = {
        openedAt: event.at,
        capDays: event.capDays,
        ...(submission.declaredReleaseAt === undefined
          ? {}
          : { declaredReleaseAt: submission.declaredReleaseAt }),
      };
      return ok({ submission: { ...next, state: 'window_open', window }, effects: [] });
    }
    case 'release-date-declared':
      return ok({
        submission: {
          ...next,
          declaredReleaseAt: event.declaredReleaseAt,
          ...(submission.window === undefined
            ? {}
            : { window: { ...submission.window, declaredReleaseAt: event.declaredReleaseAt } }),
        },
        effects: [],
      });
    case 'release-recorded': {
      // A release dated later than its recording still closes the window now: it is a fact,
      // not a plan (plans are `release-date-declared`). It is kept on a window already closed
      // too, so a release recorded late (dated before the window's end) still bounds it.
      const closesWindowAt = earlier(event.releasedAt, event.at);
      const window =
        submission.window === undefined
          ? undefined
          : {
              ...submission.window,
              releasedAt: earliest(submission.window.releasedAt, closesWindowAt),
            };
      return ok({
        submission: {
          ...next,
          state: submission.state === 'window_open' ? 'window_closed' : submission.state,
          releasedAt: earliest(submission.releasedAt, event.releasedAt),
          ...(window === undefined ? {} : { window }),
        },
        effects: submission.state === 'window_open' ? [revoke, purge(submission.id)] : [],
      });
    }
    case 'window-closed': {
      // Guarded by the table: only accepted in window_open, which always has a window.
      const window = submission.window ?? { openedAt: event.at, capDays: 0 };
      if (event.cause === 'expired') {
        const closing = windowClosing(window);
        if (isBefore(event.at, closing.closesAt)) {
          return refuse(
            'window_still_open',
            `the window has not expired: it closes at ${closing.closesAt} (${closing.reason})`,
            submission,
            event,
            'record expiry at or after that time, or close it now with cause ended_early',
          );
        }
        return ok({
          submission: { ...next, state: 'window_closed' },
          effects: [revoke, purge(submission.id)],
        });
      }
      return ok({
        submission: {
          ...next,
          state: 'window_closed',
          window: { ...window, endedEarlyAt: event.at },
        },
        effects: [revoke, purge(submission.id)],
      });
    }
    case 'report-issued':
      return ok({
        submission: { ...next, state: 'reported', reportId: event.reportId },
        effects: [],
      });
    case 'submission-withdrawn': {
      // Recorded on any window, so a withdrawal dated before a window's end still bounds it.
      const window =
        submission.window === undefined
          ? undefined
          : {
              ...submission.window,
              withdrawnAt: earliest(submission.window.withdrawnAt, event.at),
            };
      return ok({
        submission: {
          ...next,
          state: 'withdrawn',
          withdrawnAt: earliest(submission.withdrawnAt, event.at),
          ...(window === undefined ? {} : { window }),
        },
        effects: [revoke, purge(submission.id)],
      });
    }
  }
}
