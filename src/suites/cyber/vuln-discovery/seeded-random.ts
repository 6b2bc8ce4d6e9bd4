/** Mixes a 32-bit value thoroughly (the finaliser of MurmurHash3). */
function mix32(value: number): number {
  let hash = value >>> 0;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b) >>> 0;
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35) >>> 0;
  return (hash ^ (hash >>> 16)) >>> 0;
}

/** A seed for one part of a run, derived from the run's seed and the part's label or index. */
export function deriveSeed(seed: number, part: string | number): number {
  let hash = mix32(seed ^ 0x9e3779b9);
  for (const char of String(part)) hash = mix32(hash ^ (char.codePointAt(0) ?? 0));
  return hash;
}

/**
 * A small, fast, seeded generator (sfc32): the same seed gives the same sequence on every
 * platform, which is what makes generated items reproducible from a run's seed.
 */
export class SeededRandom {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let round = 0; round < 12; round += 1) this.next();
  }

  /** The next value in 0 .. 2^32 - 1. */
  next(): number {
    const sum = (((this.#a + this.#b) >>> 0) + this.#d) >>> 0;
    this.#d = (this.#d + 1) >>> 0;
    this.#a = (this.#b ^ (this.#b >>> 9)) >>> 0;
    this.#b = (this.#c + (this.#c << 3)) >>> 0;
    this.#c = ((this.#c << 21) | (this.#c >>> 11)) >>> 0;
    this.#c = (this.#c + sum) >>> 0;
    return sum;
  }

  /** An integer in `min ..= max`. */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min)
      throw new RangeError(`int(${min}, ${max}): need integers with min <= max`);
    return min + Math.floor((this.next() / 2 ** 32) * (max - min + 1));
  }

  /** True with probability `probability`. */
  chance(probability: number): boolean {
    return this.next() / 2 ** 32 < probability;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty list');
    return item;
  }

  /** `count` random bytes. */
  bytes(count: number): number[] {
    return Array.from({ length: count }, () => this.next() & 0xff);
  }
}
