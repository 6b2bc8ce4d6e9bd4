import type { SignInFailureRepository } from '../../store/repositories/sign-in-failure-repository.js';

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

/** Milliseconds a key with `failures`, the last at `lastMs`, must still wait at `nowMs`. */
export function throttleWaitMs(
  failures: number,
  lastMs: number,
  nowMs: number,
  options: LoginThrottleOptions = defaultLoginThrottle,
): number {
  if (nowMs - lastMs > options.forgetAfterMs) return 0;
  const over = failures - options.freeAttempts;
  if (over < 0) return 0;
  const delay = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** over);
  return Math.max(0, lastMs + delay - nowMs);
}

/**
 * Throttles sign-in by account name and by network address, each on its own: guessing one
 * account's password from many addresses, or many accounts' from one, both slow down. After the
 * free attempts each failure doubles the wait. A success clears the account's count. The counts
 * live in the store, so every API process behind a load balancer sees the same ones.
 */
export class LoginThrottle {
  readonly #failures: SignInFailureRepository;
  readonly #options: LoginThrottleOptions;

  constructor(failures: SignInFailureRepository, options = defaultLoginThrottle) {
    this.#failures = failures;
    this.#options = options;
  }

  /** Milliseconds to wait before `keys` may try again; 0 when they may try now. */
  async waitMs(keys: readonly string[], nowMs: number): Promise<number> {
    const counts = await this.#failures.get(keys, this.#since(nowMs));
    return Math.max(
      0,
      ...counts.map((count) =>
        throttleWaitMs(count.failures, Date.parse(count.lastFailedAt), nowMs, this.#options),
      ),
    );
  }

  /** Records a failed attempt for each key. */
  async fail(keys: readonly string[], nowMs: number): Promise<void> {
    await this.#failures.record(keys, new Date(nowMs).toISOString(), this.#since(nowMs));
  }

  /** Clears the count of each key after a successful sign-in. */
  async succeed(keys: readonly string[]): Promise<void> {
    await this.#failures.clear(keys);
  }

  /** Forgets counts too old to matter (the service's minute sweep). */
  async prune(nowMs: number): Promise<void> {
    await this.#failures.prune(this.#since(nowMs));
  }

  #since(nowMs: number): string {
    return new Date(nowMs - this.#options.forgetAfterMs).toISOString();
  }
}
