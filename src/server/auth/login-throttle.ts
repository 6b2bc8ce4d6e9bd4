/** How failed sign-ins slow down further attempts. */
export interface LoginThrottleOptions {
  /** Failures allowed before the account (or address) must wait. */
  readonly freeAttempts: number;
  /** The first wait; it doubles with each further failure. */
  readonly baseDelayMs: number;
  /** The longest wait. */
  readonly maxDelayMs: number;
  /** Failures older than this are forgotten. */
  readonly forgetAfterMs: number;
}

export const defaultLoginThrottle: LoginThrottleOptions = {
  freeAttempts: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
};

interface Failures {
  count: number;
  lastMs: number;
}

/**
 * Throttles sign-in by account name and by network address, each on its own: guessing one
 * account's password from many addresses, or many accounts' from one, both slow down. After the
 * free attempts each failure doubles the wait. A success clears the account's count.
 */
export class LoginThrottle {
  readonly #options: LoginThrottleOptions;
  readonly #failures = new Map<string, Failures>();

  constructor(options: LoginThrottleOptions = defaultLoginThrottle) {
    this.#options = options;
  }

  /** Milliseconds to wait before `keys` may try again; 0 when they may try now. */
  waitMs(keys: readonly string[], nowMs: number): number {
    return Math.max(0, ...keys.map((key) => this.#waitFor(key, nowMs)));
  }

  /** Records a failed attempt for each key. */
  fail(keys: readonly string[], nowMs: number): void {
    for (const key of keys) {
      const failures = this.#current(key, nowMs) ?? { count: 0, lastMs: nowMs };
      failures.count += 1;
      failures.lastMs = nowMs;
      this.#failures.set(key, failures);
    }
    if (this.#failures.size > 50_000) this.#sweep(nowMs);
  }

  /** Clears the count of each key after a successful sign-in. */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }

  #current(key: string, nowMs: number): Failures | undefined {
    const failures = this.#failures.get(key);
    if (failures === undefined) return undefined;
    if (nowMs - failures.lastMs > this.#options.forgetAfterMs) {
      this.#failures.delete(key);
      return undefined;
    }
    return failures;
  }

  #waitFor(key: string, nowMs: number): number {
    const failures = this.#current(key, nowMs);
    if (failures === undefined) return 0;
    const over = failures.count - this.#options.freeAttempts;
    if (over < 0) return 0;
    const delay = Math.min(this.#options.maxDelayMs, this.#options.baseDelayMs * 2 ** over);
    return Math.max(0, failures.lastMs + delay - nowMs);
  }

  #sweep(nowMs: number): void {
    for (const key of [...this.#failures.keys()]) this.#current(key, nowMs);
  }
}
