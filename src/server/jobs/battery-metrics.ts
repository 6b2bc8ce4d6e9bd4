import type { ScorerMetrics } from '../../core/metrics/metric-value.js';
import type { MetricEstimate } from '../../programme/index.js';

/** A task or scorer name as a metric-name segment: lower case, letters, digits and `_`. */
function segment(name: string): string {
  const cleaned = name.toLowerCase().replaceAll(/[^a-z0-9_.]+/g, '_');
  return /^[a-z]/.test(cleaned) ? cleaned : `m_${cleaned}`;
}

/**
 * The battery's named metrics from one run: `<task>.<metric>` (with the scorer's name between
 * them when the task has several), each with its 95% interval — the form the criteria read.
 * A proportion reduced over epochs is named by its reducer: `cyber.ctf.pass_at_5`.
 */
export function batteryMetricsOf(
  taskName: string,
  scorers: readonly ScorerMetrics[],
): Record<string, MetricEstimate> {
  const metrics: Record<string, MetricEstimate> = {};
  for (const scorer of scorers) {
    for (const [metricName, metric] of Object.entries(scorer.metrics)) {
      // Over several epochs reduced with pass@k (or max, …), the proportion is that reducer's.
      const name =
        metricName === 'accuracy' && scorer.reducer !== 'mean' ? scorer.reducer : metricName;
      const key =
        scorers.length === 1
          ? `${segment(taskName)}.${segment(name)}`
          : `${segment(taskName)}.${segment(scorer.scorer)}.${segment(name)}`;
      const [lower, upper] = metric.ci95 ?? [metric.value, metric.value];
      metrics[key] = {
        value: metric.value,
        lower: Math.min(lower, metric.value),
        upper: Math.max(upper, metric.value),
      };
    }
  }
  return metrics;
}
