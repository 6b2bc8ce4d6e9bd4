/** The two-sided 95% standard-normal quantile, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval for a proportion observed over an (effective, possibly
 * non-integer) sample size `n > 0`, clamped to [0, 1].
 */
export function wilsonInterval(proportion: number, n: number, z = Z_95): readonly [number, number] {
  if (!Number.isFinite(proportion) || proportion < 0 || proportion > 1) {
    throw new RangeError(`wilsonInterval: proportion must lie in [0, 1], got ${proportion}`);
  }
  if (!Number.isFinite(n) || n <= 0) {
    throw new RangeError(`wilsonInterval: sample size must be a positive finite number, got ${n}`);
  }
  if (!Number.isFinite(z) || z < 0) {
    throw new RangeError(`wilsonInterval: z must be a non-negative finite number, got ${z}`);
  }
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (proportion + z2 / (2 * n)) / denominator;
  const halfWidth =
    (z / denominator) * Math.sqrt((proportion * (1 - proportion)) / n + z2 / (4 * n * n));
  // The exact interval always contains the proportion, but rounding can leave e.g. a lower
  // bound of 3e-17 for a proportion of 0; pin the bounds so that invariant survives floats.
  const lower = Math.max(0, Math.min(centre - halfWidth, proportion));
  const upper = Math.min(1, Math.max(centre + halfWidth, proportion));
  return [lower, upper];
}
