import type { MetricValue, ScorerMetrics } from './metric-value.js';
import type { Reducer } from './reducer.js';
import { wilsonInterval, Z_95 } from './wilson-interval.js';

/**
 * Reduces each sample's epoch scores to one value, then summarises those values into a
 * mean with a sample-clustered standard error and a 95% interval.
 */
export function summarizeScores(
  scorer: string,
  perSample: ReadonlyMap<string, readonly (number | null)[]>,
  reducer: Reducer,
): ScorerMetrics {
  const reduced: number[] = [];
  let unscoredSamples = 0;
  let observations = 0;
  for (const [sampleId, epochValues] of perSample) {
    const values = epochValues.filter((value): value is number => value !== null);
    if (values.length === 0) {
      unscoredSamples++;
      continue;
    }
    observations += values.length;
    const value = reducer.reduce(values);
    if (!Number.isFinite(value)) {
      throw new RangeError(
        `Scorer "${scorer}" gave sample "${sampleId}" the non-finite value ${value} after reducer ${reducer.name}.`,
      );
    }
    reduced.push(value);
  }

  const base = { scorer, reducer: reducer.name, scoredSamples: reduced.length, unscoredSamples };
  const n = reduced.length;
  if (n === 0) return { ...base, metrics: {} };

  let sum = 0;
  for (const value of reduced) sum += value;
  const mean = sum / n;
  let squares = 0;
  for (const value of reduced) squares += (value - mean) ** 2;
  // One value per sample, so epochs of the same sample are not counted as independent draws.
  const stderr = n >= 2 ? Math.sqrt(squares / (n * (n - 1))) : null;

  if (reduced.every((value) => value >= 0 && value <= 1)) {
    const variance = squares / n;
    // A Bernoulli proportion p has variance p(1-p); scaling n by p(1-p)/variance gives the
    // sample size whose binomial variance matches what was observed, so the Wilson interval
    // also fits fractional per-sample values (e.g. means over epochs).
    const binomialVariance = mean * (1 - mean);
    const effectiveN =
      variance === 0 || binomialVariance === 0 ? n : (n * binomialVariance) / variance;
    const accuracy: MetricValue = {
      value: mean,
      stderr,
      ci95: wilsonInterval(mean, Math.min(effectiveN, observations)),
      ciMethod: 'wilson',
    };
    return { ...base, metrics: { accuracy } };
  }

  const meanMetric: MetricValue = {
    value: mean,
    stderr,
    ci95: stderr === null ? null : [mean - Z_95 * stderr, mean + Z_95 * stderr],
    ciMethod: stderr === null ? null : 'normal',
  };
  return { ...base, metrics: { mean: meanMetric } };
}
