import { Z_95 } from '../core/metrics/wilson-interval.js';

/** A ratio of totals (e.g. tokens per success) with its 95% interval. */
export interface RatioValue {
  readonly value: number;
  /** null with fewer than two samples: there is no spread to estimate. */
  readonly ci95: readonly [number, number] | null;
  readonly ciMethod: 'delta' | null;
}

/** One sample's share of a ratio: its total numerator and denominator over its epochs. */
export interface RatioPart {
  readonly numerator: number;
  readonly denominator: number;
}

/**
 * The ratio estimator Σx / Σy over samples (e.g. all tokens spent over all successes), with a
 * delta-method interval clustered by sample, like every other interval of Vigil: with
 * R = Σx/Σy and dᵢ = xᵢ − R·yᵢ, se(R) = √(n/(n−1) · Σdᵢ²) / Σy, and the interval R ± z·se,
 * floored at 0. Undefined when the denominator is 0 (no success: nothing to divide by).
 */
export function ratioOfTotals(parts: readonly RatioPart[]): RatioValue | undefined {
  let numerator = 0;
  let denominator = 0;
  for (const part of parts) {
    numerator += part.numerator;
    denominator += part.denominator;
  }
  if (denominator === 0) return undefined;
  const value = numerator / denominator;
  const n = parts.length;
  if (n < 2) return { value, ci95: null, ciMethod: null };
  let squares = 0;
  for (const part of parts) squares += (part.numerator - value * part.denominator) ** 2;
  const stderr = Math.sqrt((n / (n - 1)) * squares) / denominator;
  return {
    value,
    ci95: [Math.max(0, value - Z_95 * stderr), value + Z_95 * stderr],
    ciMethod: 'delta',
  };
}
