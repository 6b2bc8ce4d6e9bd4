import type { BatteryMetrics, MetricEstimate } from '../criteria/battery-metrics.js';
import { RunError } from '../errors/run-error.js';
import { fail, ok, type Result } from '../result.js';
import type { EvaluationRun } from './evaluation-run.js';

/**
 * The battery's metrics from its runs: every metric of every succeeded run. A failed or
 * unfinished run contributes nothing, so its metrics show up later as insufficient evidence; a
 * metric reported by two runs is ambiguous and refused.
 */
export function batteryFromRuns(
  runs: readonly EvaluationRun[],
): Result<{ readonly metrics: BatteryMetrics; readonly runIds: readonly string[] }, RunError> {
  const metrics: Record<string, MetricEstimate> = {};
  const source: Record<string, string> = {};
  const runIds: string[] = [];
  for (const run of runs) {
    if (run.status !== 'succeeded') continue;
    runIds.push(run.id);
    for (const [name, estimate] of Object.entries(run.metrics)) {
      const earlier = source[name];
      if (earlier !== undefined) {
        return fail(
          new RunError(
            'duplicate_metric',
            `metric ${name} comes from both run ${earlier} and run ${run.id}`,
            {
              hint: 'pick one run per metric for the battery',
            },
          ),
        );
      }
      metrics[name] = estimate;
      source[name] = run.id;
    }
  }
  return ok({ metrics, runIds });
}
