import { z } from 'zod';
import { addDays, timestampSchema, toEpochMs, type Timestamp } from '../time/timestamp.js';
import { windowHardCapDays } from './window-settings.js';

/**
 * An access window and every fact that can close it. Derived from the submission's events;
 * the closing time is always computed, never stored, so no stale value can extend access.
 */
export const accessWindowSchema = z
  .object({
    openedAt: timestampSchema,
    capDays: z.number(),
    declaredReleaseAt: timestampSchema.exactOptional(),
    releasedAt: timestampSchema.exactOptional(),
    withdrawnAt: timestampSchema.exactOptional(),
    endedEarlyAt: timestampSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type AccessWindow = z.infer<typeof accessWindowSchema>;

/** Why a window closes (or closed). */
export type WindowClosingReason =
  'withdrawal' | 'release' | 'ended_early' | 'declared_release' | 'cap';

/** When and why a window closes. */
export interface WindowClosing {
  readonly closesAt: Timestamp;
  readonly reason: WindowClosingReason;
}

/** What anyone who may see the submission is shown. */
export interface WindowCountdown extends WindowClosing {
  readonly open: boolean;
  /** Milliseconds left, 0 once closed; never more than the cap. */
  readonly remainingMs: number;
}

/** The cap in days actually applied: the setting, never above the hard cap, never negative. */
export function effectiveCapDays(capDays: number): number {
  if (!Number.isFinite(capDays)) return windowHardCapDays;
  return Math.min(Math.max(capDays, 0), windowHardCapDays);
}

/**
 * The earliest of: the cap, the declared release date, the actual release, withdrawal, an early
 * end. Ties go to facts before plans (listed first). A closing time before the opening (a
 * release recorded as having happened earlier) closes the window at the opening.
 */
export function windowClosing(window: AccessWindow): WindowClosing {
  const candidates: [WindowClosingReason, Timestamp | undefined][] = [
    ['withdrawal', window.withdrawnAt],
    ['release', window.releasedAt],
    ['ended_early', window.endedEarlyAt],
    ['declared_release', window.declaredReleaseAt],
    ['cap', addDays(window.openedAt, effectiveCapDays(window.capDays))],
  ];
  const openedMs = toEpochMs(window.openedAt);
  let best: { ms: number; reason: WindowClosingReason } | undefined;
  for (const [reason, at] of candidates) {
    if (at === undefined) continue;
    const ms = Math.max(openedMs, toEpochMs(at));
    if (best === undefined || ms < best.ms) best = { ms, reason };
  }
  // The cap is always a candidate, so `best` is set.
  const closing = best ?? { ms: openedMs, reason: 'cap' as const };
  return { closesAt: new Date(closing.ms).toISOString(), reason: closing.reason };
}

/** The countdown at `now`: open or closed, when and why it closes, and the time left. */
export function windowCountdown(window: AccessWindow, now: Timestamp): WindowCountdown {
  const closing = windowClosing(window);
  const nowMs = toEpochMs(now);
  const openedMs = toEpochMs(window.openedAt);
  const remainingMs = Math.max(0, toEpochMs(closing.closesAt) - Math.max(nowMs, openedMs));
  return { ...closing, open: nowMs >= openedMs && remainingMs > 0, remainingMs };
}
