import { describe, it, expect } from 'vitest';
import { passAtK } from './pass-at-k.js';

describe('passAtK', () => {
  it('matches hand-computed values of 1 - C(n-c,k)/C(n,k)', () => {
    // 1 - C(3,1)/C(5,1) = 1 - 3/5 = 0.4
    expect(passAtK(5, 2, 1)).toBeCloseTo(0.4, 12);
    // 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7
    expect(passAtK(5, 2, 2)).toBeCloseTo(0.7, 12);
    // 1 - C(10,3)/C(10,3) = 0
    expect(passAtK(10, 0, 3)).toBe(0);
    // n - c = 1 < k = 2: every draw of 2 includes a correct one
    expect(passAtK(4, 3, 2)).toBe(1);
    // 1 - C(7,5)/C(10,5) = 1 - 21/252 = 0.916667
    expect(passAtK(10, 3, 5)).toBeCloseTo(11 / 12, 12);
  });

  it('stays finite where factorials would overflow', () => {
    // 1 - C(187,100)/C(200,100) = 0.99991950 (exact big-integer ratio computed separately)
    expect(passAtK(200, 13, 100)).toBeCloseTo(0.9999194971988055, 12);
  });

  it('rejects impossible arguments with a clear RangeError', () => {
    expect(() => passAtK(3, 1, 4)).toThrow(
      new RangeError('passAtK: k must not exceed n, got k=4 > n=3'),
    );
    expect(() => passAtK(3, 1, 0)).toThrow(
      new RangeError('passAtK: k must be at least 1, got k=0'),
    );
    expect(() => passAtK(3, 4, 1)).toThrow(
      new RangeError('passAtK: c must not exceed n, got c=4 > n=3'),
    );
    expect(() => passAtK(3, -1, 1)).toThrow(RangeError);
    expect(() => passAtK(3, 1.5, 1)).toThrow(
      new RangeError('passAtK: c must be an integer, got 1.5'),
    );
    expect(() => passAtK(Number.NaN, 1, 1)).toThrow(/n must be an integer/);
  });
});
