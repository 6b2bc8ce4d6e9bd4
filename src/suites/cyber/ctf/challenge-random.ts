import { createHash, randomBytes } from 'node:crypto';

const alphanumeric = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The random source a challenge draws every secret and parameter from. Seeded (SHA-256 in
 * counter mode) so that a test can rebuild the same instance; a run seeds it from the
 * operating system's generator, so nothing repeats between runs.
 */
export interface ChallengeRandom {
  bytes(count: number): Uint8Array;
  /** `count` random bytes as lower-case hex (2 × count characters). */
  hex(count: number): string;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** A string of `length` characters from `alphabet` (default letters and digits). */
  word(length: number, alphabet?: string): string;
  /** A fresh flag: `FLAG{` + 24 hex characters + `}`. */
  flag(): string;
  /** A child source for one purpose: the same seed and label give the same stream. */
  fork(label: string): ChallengeRandom;
}

function wholeNumber(name: string, value: number, least: number): number {
  if (!Number.isSafeInteger(value) || value < least)
    throw new RangeError(`${name} must be a whole number ≥ ${least}, got ${value}`);
  return value;
}

/** A random source from `seed`; without one, from 32 bytes of the system's generator. */
export function createChallengeRandom(seed?: string): ChallengeRandom {
  const key = seed ?? randomBytes(32).toString('hex');
  let counter = 0;
  let pool = Buffer.alloc(0);

  const bytes = (count: number): Uint8Array => {
    wholeNumber('count', count, 0);
    while (pool.length < count) {
      const block = createHash('sha256')
        .update(`${key}\u0000${String(counter)}`)
        .digest();
      counter += 1;
      pool = Buffer.concat([pool, block]);
    }
    const taken = pool.subarray(0, count);
    pool = pool.subarray(count);
    return new Uint8Array(taken);
  };

  // Rejection sampling on 48-bit draws: no modulo bias for any range a challenge needs.
  const below = (bound: number): number => {
    const limit = 2 ** 48 - (2 ** 48 % bound);
    for (;;) {
      const value = Buffer.from(bytes(6)).readUIntBE(0, 6);
      if (value < limit) return value % bound;
    }
  };

  const random: ChallengeRandom = {
    bytes,
    hex: (count) => Buffer.from(bytes(count)).toString('hex'),
    int(min, max) {
      wholeNumber('min', min, Number.MIN_SAFE_INTEGER);
      wholeNumber('max', max, min);
      return min + below(max - min + 1);
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick needs at least one item');
      return items[below(items.length)] as (typeof items)[number];
    },
    word(length, alphabet = alphanumeric) {
      wholeNumber('length', length, 0);
      if (alphabet.length === 0) throw new RangeError('word needs a non-empty alphabet');
      let text = '';
      for (let index = 0; index < length; index += 1)
        text += alphabet.charAt(below(alphabet.length));
      return text;
    },
    flag: () => `FLAG{${random.hex(12)}}`,
    fork: (label) => createChallengeRandom(`${key}/${label}`),
  };
  return random;
}
