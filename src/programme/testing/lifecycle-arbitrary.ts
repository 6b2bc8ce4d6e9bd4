// fast-check arbitraries for random submission histories (tests only).

import fc from 'fast-check';
import { applySubmissionEvent } from '../submission/apply-submission-event.js';
import { allowedEvents } from '../submission/lifecycle-table.js';
import type { Submission } from '../submission/submission.js';
import {
  submissionEventTypes,
  type SubmissionEvent,
  type SubmissionEventType,
} from '../submission/submission-event.js';
import type { SubmissionState } from '../submission/submission-state.js';
import { dayMs, fromEpochMs, toEpochMs } from '../time/timestamp.js';

/** One random step: which event (by preference for an allowed one), when, and its payload. */
export interface LifecycleStep {
  readonly pick: 'forward' | 'allowed' | 'any';
  readonly choice: number;
  readonly advanceMs: number;
  readonly capDays: number;
  readonly designated: boolean;
  readonly offsetMs: number;
  readonly cause: 'expired' | 'ended_early';
}

export const lifecycleStepArbitrary: fc.Arbitrary<LifecycleStep> = fc.record({
  // Mostly the lifecycle's next step, so histories get deep; sometimes any event the state
  // accepts; sometimes any event at all (which the state may refuse).
  pick: fc.oneof(
    { arbitrary: fc.constant('forward' as const), weight: 5 },
    { arbitrary: fc.constant('allowed' as const), weight: 3 },
    { arbitrary: fc.constant('any' as const), weight: 2 },
  ),
  choice: fc.nat(),
  // Mostly forward in time, sometimes far, sometimes backwards (late-recorded facts).
  advanceMs: fc.oneof(
    fc.integer({ min: 0, max: 3 * dayMs }),
    fc.integer({ min: 0, max: 45 * dayMs }),
    fc.integer({ min: -10 * dayMs, max: 0 }),
  ),
  capDays: fc.integer({ min: 1, max: 30 }),
  designated: fc.boolean(),
  offsetMs: fc.integer({ min: -40 * dayMs, max: 40 * dayMs }),
  cause: fc.constantFrom('expired' as const, 'ended_early' as const),
});

export const lifecycleArbitrary = fc.array(lifecycleStepArbitrary, { maxLength: 25 });

const start = Date.parse('2026-06-15T00:00:00.000Z');
const submissionId = 'sub.random';

/** The event that moves each state along the main path. */
const forwardEvent: Partial<Record<SubmissionState, SubmissionEventType>> = {
  draft: 'submission-submitted',
  submitted: 'qualification-started',
  qualifying: 'designation-recorded',
  designated: 'window-opened',
  window_open: 'window-closed',
  window_closed: 'report-issued',
};

/** The event a step describes, given the current submission and clock. */
export function eventForStep(
  submission: Submission,
  step: LifecycleStep,
  clockMs: number,
): SubmissionEvent {
  const forward = forwardEvent[submission.state];
  const types =
    step.pick === 'forward' && forward !== undefined
      ? [forward]
      : step.pick === 'any'
        ? submissionEventTypes
        : allowedEvents(submission.state);
  const type = types[step.choice % types.length] ?? 'submission-withdrawn';
  const base = { submissionId, actorId: 'user.random', at: fromEpochMs(clockMs), reason: 'random' };
  const offset = fromEpochMs(clockMs + step.offsetMs);
  switch (type) {
    case 'submission-drafted':
      return { ...base, type, developerOrganisationId: 'dev.acme', modelId: 'model.x' };
    case 'designation-recorded':
      return { ...base, type, determinationId: 'det.1', designated: step.designated };
    case 'window-opened':
      return { ...base, type, capDays: step.capDays };
    case 'release-date-declared':
      return { ...base, type, declaredReleaseAt: offset };
    case 'release-recorded':
      return { ...base, type, releasedAt: offset };
    case 'window-closed':
      return { ...base, type, cause: step.cause };
    case 'report-issued':
      return { ...base, type, reportId: 'report.1' };
    case 'submission-submitted':
    case 'qualification-started':
    case 'submission-withdrawn':
      return { ...base, type };
  }
}

/**
 * Plays the steps from a fresh draft, skipping refused events as the store would. Returns every
 * submission reached (the draft first) with the clock at that point.
 */
export function playLifecycle(
  steps: readonly LifecycleStep[],
): { readonly submission: Submission; readonly clockMs: number }[] {
  const drafted = applySubmissionEvent(undefined, {
    type: 'submission-drafted',
    submissionId,
    actorId: 'user.random',
    at: fromEpochMs(start),
    reason: 'random',
    developerOrganisationId: 'dev.acme',
    modelId: 'model.x',
  });
  if (!drafted.ok) throw drafted.error;
  let submission = drafted.value.submission;
  let clockMs = start;
  const reached = [{ submission, clockMs }];
  for (const step of steps) {
    clockMs = Math.max(start, clockMs + step.advanceMs);
    const event = eventForStep(submission, step, clockMs);
    const applied = applySubmissionEvent(submission, event);
    if (applied.ok) {
      submission = applied.value.submission;
      clockMs = Math.max(clockMs, toEpochMs(submission.lastEventAt));
      reached.push({ submission, clockMs });
    }
  }
  return reached;
}
