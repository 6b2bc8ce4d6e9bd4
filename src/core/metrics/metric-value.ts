/** How a confidence interval was computed. */
export type IntervalMethod = 'wilson' | 'normal';

/** One metric with its uncertainty. */
export interface MetricValue {
  readonly value: number;
  /** Standard error of `value`, clustered by sample; null with fewer than two samples. */
  readonly stderr: number | null;
  /** The 95% confidence interval, or null when it cannot be computed (no samples). */
  readonly ci95: readonly [number, number] | null;
  readonly ciMethod: IntervalMethod | null;
}

/** The metrics of one scorer over a whole run. */
export interface ScorerMetrics {
  readonly scorer: string;
  /** The reducer that turned each sample's epochs into one value, e.g. `mean`, `pass_at_5`. */
  readonly reducer: string;
  /** Samples with a score (after reduction). */
  readonly scoredSamples: number;
  /** Samples the scorer could not score in any epoch. */
  readonly unscoredSamples: number;
  /** `accuracy` when every value lies in [0, 1], otherwise `mean`. */
  readonly metrics: Readonly<Record<string, MetricValue>>;
}
