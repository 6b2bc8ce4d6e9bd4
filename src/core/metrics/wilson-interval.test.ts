import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { wilsonInterval } from './wilson-interval.js';

describe('wilsonInterval', () => {
  it('matches the hand-computed interval for 8/10', () => {
    // z = 1.96, n = 10, p = 0.8: denominator 1 + z²/n = 1.38415; centre (0.8 + 0.19208)/1.38415 = 0.71674;
    // half-width (z/1.38415)·sqrt(0.016 + 0.0096040) = 1.41601·0.16001 = 0.22658 → [0.49016, 0.94332].
    const [lower, upper] = wilsonInterval(0.8, 10);
    expect(lower).toBeCloseTo(0.490162, 6);
    expect(upper).toBeCloseTo(0.943318, 6);
  });

  it('accepts a non-integer effective sample size', () => {
    // p = 0.5, n = 4.5: centre stays 0.5 by symmetry; denominator 1 + 3.84146/4.5 = 1.85366;
    // half-width (1.96/1.85366)·sqrt(0.25/4.5 + 3.84146/81) = 1.05735·0.32091 = 0.33931 → [0.16069, 0.83931].
    const [lower, upper] = wilsonInterval(0.5, 4.5);
    expect(lower).toBeCloseTo(0.16069, 6);
    expect(upper).toBeCloseTo(0.83931, 6);
  });

  it('pins the bounds to exactly 0 and 1 at the extremes', () => {
    // p = 0, n = 10: upper = z²/n / (1 + z²/n) = 0.384146/1.384146 = 0.277533; lower is exactly 0.
    expect(wilsonInterval(0, 10)).toEqual([0, expect.closeTo(0.277533, 6)]);
    // p = 1, n = 1: lower = 1/(1 + z²) = 1/4.841459 = 0.206549; upper is exactly 1.
    expect(wilsonInterval(1, 1)).toEqual([expect.closeTo(0.206549, 6), 1]);
  });

  it('rejects a proportion outside [0, 1] and a non-positive sample size', () => {
    expect(() => wilsonInterval(1.2, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(0.5, 0)).toThrow(/sample size must be a positive/);
    expect(() => wilsonInterval(Number.NaN, 10)).toThrow(/proportion must lie in \[0, 1\]/);
  });

  it('contains the point estimate and lies within [0, 1] for random binary data', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 500 }), (outcomes) => {
        const p = outcomes.filter(Boolean).length / outcomes.length;
        const [lower, upper] = wilsonInterval(p, outcomes.length);
        return 0 <= lower && lower <= p && p <= upper && upper <= 1;
      }),
    );
  });
});
