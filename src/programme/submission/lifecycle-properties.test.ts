import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifecycleArbitrary, playLifecycle } from '../testing/lifecycle-arbitrary.js';
import { dayMs, fromEpochMs, toEpochMs } from '../time/timestamp.js';
import { windowClosing, windowCountdown } from '../window/access-window.js';
import { applySubmissionEvent } from './apply-submission-event.js';
import { submissionStateAt } from './replay-submission.js';
import { submissionEventSchema } from './submission-event.js';
import { submissionStates } from './submission-state.js';

const offsetArbitrary = fc.integer({ min: -60 * dayMs, max: 60 * dayMs });

describe('lifecycle invariants over random histories', () => {
  it('has no state that approves, denies or gates a release', () => {
    for (const state of submissionStates) {
      expect(state).not.toMatch(/approv|den(y|ied)|gate|clear|licen|permit|block|hold/);
    }
  });

  it('accepts recording a release from every non-withdrawn state, and it takes effect at once', () => {
    fc.assert(
      fc.property(
        lifecycleArbitrary,
        offsetArbitrary,
        offsetArbitrary,
        (steps, releaseOffset, recordOffset) => {
          for (const { submission, clockMs } of playLifecycle(steps)) {
            const at = fromEpochMs(clockMs + recordOffset);
            const releasedAt = fromEpochMs(clockMs + releaseOffset);
            const applied = applySubmissionEvent(submission, {
              type: 'release-recorded',
              submissionId: submission.id,
              actorId: 'user.developer',
              at,
              reason: 'released',
              releasedAt,
            });
            if (!applied.ok) return false;
            const after = applied.value.submission;
            if (after.releasedAt === undefined) return false;
            if (submission.state === 'window_open') {
              // Closed now, by the event itself: no later job, no approval, no delay.
              if (after.state !== 'window_closed' || after.window === undefined) return false;
              if (windowCountdown(after.window, at).open) return false;
              if (!applied.value.effects.some((effect) => effect.kind === 'revoke_model_access'))
                return false;
            } else if (after.state !== submission.state) {
              return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never lets a window exceed 30 days, whatever the history', () => {
    fc.assert(
      fc.property(
        lifecycleArbitrary,
        fc.integer({ min: -5 * dayMs, max: 80 * dayMs }),
        (steps, probe) => {
          for (const { submission } of playLifecycle(steps)) {
            if (submission.window === undefined) continue;
            const opened = toEpochMs(submission.window.openedAt);
            const closes = toEpochMs(windowClosing(submission.window).closesAt);
            if (closes - opened > 30 * dayMs || closes < opened) return false;
            const countdown = windowCountdown(submission.window, fromEpochMs(opened + probe));
            if (countdown.remainingMs > 30 * dayMs) return false;
            if (
              probe >= 30 * dayMs &&
              (countdown.open ||
                submissionStateAt(submission, fromEpochMs(opened + probe)) === 'window_open')
            ) {
              return false;
            }
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses any window-opened event asking for more than 30 days', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: 31, max: 10_000 }),
          fc.double({ min: 30.000001, max: 1e6, noNaN: true }),
        ),
        (capDays) => {
          const parsed = submissionEventSchema.safeParse({
            type: 'window-opened',
            submissionId: 'sub.1',
            actorId: 'user.coordinator',
            at: '2026-07-01T00:00:00Z',
            reason: 'access granted',
            capDays,
          });
          return !parsed.success;
        },
      ),
    );
  });

  it('accepts withdrawal from every state and always demands the credential purge', () => {
    fc.assert(
      fc.property(lifecycleArbitrary, offsetArbitrary, (steps, offset) => {
        for (const { submission, clockMs } of playLifecycle(steps)) {
          const at = fromEpochMs(clockMs + offset);
          const applied = applySubmissionEvent(submission, {
            type: 'submission-withdrawn',
            submissionId: submission.id,
            actorId: 'user.developer',
            at,
            reason: 'we withdraw',
          });
          if (!applied.ok || applied.value.submission.state !== 'withdrawn') return false;
          const kinds = applied.value.effects.map((effect) => effect.kind);
          if (!kinds.includes('purge_access_credential') || !kinds.includes('revoke_model_access'))
            return false;
          const window = applied.value.submission.window;
          if (window !== undefined && windowCountdown(window, at).open) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('reaches every state in random histories (the generator explores the whole lifecycle)', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(lifecycleArbitrary, (steps) => {
        for (const { submission } of playLifecycle(steps)) seen.add(submission.state);
      }),
      { numRuns: 500, seed: 7 },
    );
    expect([...seen].sort()).toEqual([...submissionStates].sort());
  });
});
