import type { ScorerMetrics } from '../core/metrics/metric-value.js';

function fixed(value: number): string {
  return value.toFixed(3);
}

/** `includes  accuracy 0.700 ± 0.046 (95% CI 0.606–0.779, Wilson, n=100)` per scorer and metric. */
export function formatScorerMetrics(scorers: readonly ScorerMetrics[]): string[] {
  const lines: string[] = [];
  for (const scorer of scorers) {
    const entries = Object.entries(scorer.metrics);
    if (entries.length === 0) {
      lines.push(`${scorer.scorer}  no scored samples`);
      continue;
    }
    for (const [name, metric] of entries) {
      const stderr = metric.stderr === null ? '' : ` ± ${fixed(metric.stderr)} (stderr)`;
      const interval =
        metric.ci95 === null
          ? ''
          : `  95% CI [${fixed(metric.ci95[0])}, ${fixed(metric.ci95[1])}] ${metric.ciMethod ?? ''}`;
      const unscored = scorer.unscoredSamples > 0 ? `, ${scorer.unscoredSamples} unscored` : '';
      lines.push(
        `${scorer.scorer}  ${name} ${fixed(metric.value)}${stderr}${interval}  (n=${scorer.scoredSamples}, ${scorer.reducer}${unscored})`,
      );
    }
  }
  return lines;
}
