/** What a bucket answers: go ahead, or wait this long. */
export type BucketVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly retryAfterMs: number };

export interface TokenBucketOptions {
  /** Requests a key may make at once after being idle (the burst). */
  readonly capacity: number;
  /** Tokens added back per second (the sustained rate). */
  readonly refillPerSecond: number;
  /** Most keys remembered; the least recently seen are dropped first (full buckets, in effect). */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * Token buckets by key (an identity or an address): each request takes a token, tokens come back
 * at a steady rate up to the capacity. In memory, per process: a deployment on many hosts gets
 * a limit per host, which still bounds what one client can do to one host.
 */
export class TokenBuckets {
  readonly #options: Required<TokenBucketOptions>;
  readonly #buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketOptions) {
    if (options.capacity < 1 || options.refillPerSecond <= 0) {
      throw new RangeError(
        'a token bucket needs a capacity of at least 1 and a positive refill rate',
      );
    }
    this.#options = { maxKeys: 10_000, ...options };
  }

  /** Takes one token for `key` at `nowMs`. */
  take(key: string, nowMs: number): BucketVerdict {
    const { capacity, refillPerSecond, maxKeys } = this.#options;
    const bucket = this.#buckets.get(key) ?? { tokens: capacity, updatedMs: nowMs };
    const elapsedMs = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsedMs / 1000) * refillPerSecond);
    bucket.updatedMs = nowMs;
    // Re-inserting moves the key to the end: the map's order is least recently seen first.
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > maxKeys) {
      const oldest = this.#buckets.keys().next().value;
      if (oldest !== undefined) this.#buckets.delete(oldest);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterMs: Math.ceil(((1 - bucket.tokens) / refillPerSecond) * 1000),
    };
  }
}
