/** The time, injected so tests can move it: TOTP steps, session expiry, window countdowns. */
export interface Clock {
  now(): Date;
}

/** The system clock. */
export const systemClock: Clock = { now: () => new Date() };
