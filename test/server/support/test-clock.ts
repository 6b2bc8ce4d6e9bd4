import type { Clock } from '../../../src/server/clock.js';

/** A clock the test moves by hand. */
export interface TestClock extends Clock {
  set(at: string | Date): void;
  advance(ms: number): void;
}

export function testClock(start = '2026-07-01T09:00:00.000Z'): TestClock {
  let nowMs = new Date(start).getTime();
  return {
    now: () => new Date(nowMs),
    set: (at) => {
      nowMs = new Date(at).getTime();
    },
    advance: (ms) => {
      nowMs += ms;
    },
  };
}
