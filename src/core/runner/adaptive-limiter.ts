/**
 * Concurrency that adapts to the endpoint (additive increase, multiplicative decrease): a
 * throttle (429, overloaded) halves the limit, at most once per `cooldownMs` so one burst of
 * refusals from calls already in flight counts once; every `limit` successes in a row without
 * a throttle raise it by one. The limit stays within [1, max].
 */
export class AdaptiveLimiter {
  readonly max: number;
  #limit: number;
  #active = 0;
  #peak = 0;
  #successes = 0;
  #lastCut = -Infinity;
  readonly #cooldownMs: number;
  readonly #now: () => number;
  readonly #waiters: (() => void)[] = [];
  #head = 0;

  constructor(max: number, options: { cooldownMs?: number; now?: () => number } = {}) {
    if (!Number.isInteger(max) || max < 1)
      throw new RangeError(`limit must be a positive integer, got ${max}`);
    this.max = max;
    this.#limit = max;
    this.#cooldownMs = options.cooldownMs ?? 1_000;
    this.#now = options.now ?? Date.now;
  }

  /** Calls allowed in flight right now. */
  get limit(): number {
    return this.#limit;
  }

  get active(): number {
    return this.#active;
  }

  /** The most calls there ever were in flight at once. */
  get peak(): number {
    return this.#peak;
  }

  /** Waits for a slot under the current limit; rejects if the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.#active < this.#limit && this.#head === this.#waiters.length) {
      this.#take();
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiters.indexOf(wake, this.#head);
        if (index !== -1) this.#waiters.splice(index, 1);
        reject(signal?.reason as Error);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        this.#take();
        resolve();
      };
      this.#waiters.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    this.#active -= 1;
    this.#wakeWaiters();
  }

  /** A call succeeded without being throttled. */
  onSuccess(): void {
    this.#successes += 1;
    if (this.#successes >= this.#limit && this.#limit < this.max) {
      this.#limit += 1;
      this.#successes = 0;
      this.#wakeWaiters();
    }
  }

  /** The endpoint refused a call for load: cut the limit. */
  onThrottle(): void {
    this.#successes = 0;
    const now = this.#now();
    if (now - this.#lastCut < this.#cooldownMs) return;
    this.#lastCut = now;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
  }

  #take(): void {
    this.#active += 1;
    if (this.#active > this.#peak) this.#peak = this.#active;
  }

  #wakeWaiters(): void {
    while (this.#active < this.#limit && this.#head < this.#waiters.length) {
      const wake = this.#waiters[this.#head];
      this.#head += 1;
      wake?.();
    }
    if (this.#head > 1024 && this.#head * 2 > this.#waiters.length) {
      this.#waiters.splice(0, this.#head);
      this.#head = 0;
    }
  }
}
