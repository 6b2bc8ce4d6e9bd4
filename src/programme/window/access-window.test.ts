import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayMs, fromEpochMs, toEpochMs } from '../time/timestamp.js';
import {
  effectiveCapDays,
  windowClosing,
  windowCountdown,
  type AccessWindow,
} from './access-window.js';

const openedAt = '2026-07-01T00:00:00.000Z';

describe('windowClosing', () => {
  it('closes at the cap when nothing else happens', () => {
    expect(windowClosing({ openedAt, capDays: 30 })).toEqual({
      closesAt: addDays(openedAt, 30),
      reason: 'cap',
    });
    expect(windowClosing({ openedAt, capDays: 7 })).toEqual({
      closesAt: addDays(openedAt, 7),
      reason: 'cap',
    });
  });

  it('closes at the earliest of cap, declared release, release, early end and withdrawal', () => {
    const window: AccessWindow = {
      openedAt,
      capDays: 30,
      declaredReleaseAt: addDays(openedAt, 20),
      releasedAt: addDays(openedAt, 15),
      endedEarlyAt: addDays(openedAt, 12),
      withdrawnAt: addDays(openedAt, 10),
    };
    expect(windowClosing(window)).toEqual({
      closesAt: addDays(openedAt, 10),
      reason: 'withdrawal',
    });
    const without = (...facts: (keyof AccessWindow)[]) =>
      windowClosing(
        Object.fromEntries(
          Object.entries(window).filter(([key]) => !facts.includes(key as keyof AccessWindow)),
        ) as AccessWindow,
      );
    expect(without('withdrawnAt').reason).toBe('ended_early');
    expect(without('withdrawnAt', 'endedEarlyAt').reason).toBe('release');
    expect(without('withdrawnAt', 'endedEarlyAt', 'releasedAt')).toEqual({
      closesAt: addDays(openedAt, 20),
      reason: 'declared_release',
    });
  });

  it('ignores a declared release date after the cap', () => {
    expect(
      windowClosing({ openedAt, capDays: 30, declaredReleaseAt: addDays(openedAt, 45) }).reason,
    ).toBe('cap');
  });

  it('prefers facts over plans on a tie', () => {
    const same = addDays(openedAt, 5);
    expect(
      windowClosing({ openedAt, capDays: 5, declaredReleaseAt: same, releasedAt: same }).reason,
    ).toBe('release');
  });

  it('closes at the opening when the release happened before it', () => {
    expect(windowClosing({ openedAt, capDays: 30, releasedAt: addDays(openedAt, -3) })).toEqual({
      closesAt: openedAt,
      reason: 'release',
    });
  });

  it('never applies more than 30 days, even to a cap stored wrongly', () => {
    expect(effectiveCapDays(90)).toBe(30);
    expect(effectiveCapDays(Number.NaN)).toBe(30);
    expect(effectiveCapDays(Number.POSITIVE_INFINITY)).toBe(30);
    expect(effectiveCapDays(-4)).toBe(0);
    expect(windowClosing({ openedAt, capDays: 90 }).closesAt).toBe(addDays(openedAt, 30));
  });
});

describe('windowCountdown', () => {
  it('gives remaining time, closing time and reason for a given now', () => {
    const window = { openedAt, capDays: 30, declaredReleaseAt: addDays(openedAt, 10) };
    expect(windowCountdown(window, addDays(openedAt, 4))).toEqual({
      open: true,
      closesAt: addDays(openedAt, 10),
      reason: 'declared_release',
      remainingMs: 6 * dayMs,
    });
    expect(windowCountdown(window, addDays(openedAt, 10))).toMatchObject({
      open: false,
      remainingMs: 0,
    });
    expect(windowCountdown(window, addDays(openedAt, 50))).toMatchObject({
      open: false,
      remainingMs: 0,
    });
  });

  it('is not open before its opening time', () => {
    const countdown = windowCountdown({ openedAt, capDays: 3 }, addDays(openedAt, -1));
    expect(countdown.open).toBe(false);
    expect(countdown.remainingMs).toBe(3 * dayMs);
  });

  it('never exceeds 30 days for any settings, facts and now', () => {
    const moment = fc
      .integer({ min: -90 * dayMs, max: 90 * dayMs })
      .map((offset) => fromEpochMs(toEpochMs(openedAt) + offset));
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -100, max: 1000 })),
        fc.option(moment, { nil: undefined }),
        fc.option(moment, { nil: undefined }),
        fc.option(moment, { nil: undefined }),
        moment,
        (capDays, declaredReleaseAt, releasedAt, withdrawnAt, now) => {
          const window: AccessWindow = {
            openedAt,
            capDays,
            ...(declaredReleaseAt === undefined ? {} : { declaredReleaseAt }),
            ...(releasedAt === undefined ? {} : { releasedAt }),
            ...(withdrawnAt === undefined ? {} : { withdrawnAt }),
          };
          const closing = windowClosing(window);
          const length = toEpochMs(closing.closesAt) - toEpochMs(openedAt);
          const countdown = windowCountdown(window, now);
          return length >= 0 && length <= 30 * dayMs && countdown.remainingMs <= 30 * dayMs;
        },
      ),
    );
  });
});
