import type { ScorerMetrics } from '../../core/metrics/metric-value.js';
import { parseReducer, type Reducer } from '../../core/metrics/reducer.js';
import type { ScoreTally } from '../../core/runner/score-tally.js';
import type {
  InspectEvalMetric,
  InspectEvalResults,
  InspectEvalScore,
  InspectSampleReductions,
} from './inspect-types.js';

function metric(name: string, value: number): InspectEvalMetric {
  return { name, value, params: {} };
}

/**
 * Vigil's metrics of one scorer as Inspect's `EvalScore`: the metric itself (`accuracy` or
 * `mean`), `stderr`, and the 95% interval both as metrics (`ci95_lower`, `ci95_upper`, shown
 * by Inspect's viewer) and in `metadata` with its method (Wilson or normal).
 */
export function toEvalScore(scorer: ScorerMetrics): InspectEvalScore {
  const metrics: Record<string, InspectEvalMetric> = {};
  const intervals: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(scorer.metrics)) {
    metrics[name] = metric(name, value.value);
    if (value.stderr !== null) metrics.stderr = metric('stderr', value.stderr);
    if (value.ci95 !== null) {
      metrics.ci95_lower = metric('ci95_lower', value.ci95[0]);
      metrics.ci95_upper = metric('ci95_upper', value.ci95[1]);
      intervals[name] = { ci95: [...value.ci95], ci_method: value.ciMethod };
    }
  }
  return {
    name: scorer.scorer,
    scorer: scorer.scorer,
    reducer: scorer.reducer,
    scored_samples: scorer.scoredSamples,
    unscored_samples: scorer.unscoredSamples,
    params: {},
    metrics,
    ...(Object.keys(intervals).length === 0 ? {} : { metadata: { vigil_intervals: intervals } }),
  };
}

/** The run's results: planned sample-epochs, those finished without error, and the scores. */
export function toEvalResults(
  scorers: readonly ScorerMetrics[],
  counts: { readonly planned: number; readonly completed: number; readonly errored: number },
): InspectEvalResults {
  return {
    total_samples: counts.planned,
    completed_samples: counts.completed - counts.errored,
    scores: scorers.map(toEvalScore),
  };
}

/** A reducer that cannot reduce these values (too few epochs for pass@k) gives NaN. */
function reduceOrNaN(reducer: Reducer, values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  try {
    return reducer.reduce(values);
  } catch {
    return Number.NaN;
  }
}

/**
 * `reductions.json` from the run's score tally: each sample's epochs reduced with
 * `reducerName`; a sample with no value in any epoch reduces to NaN, Inspect's "unscored".
 */
export function toSampleReductions(
  tally: ScoreTally,
  reducerName: string,
): InspectSampleReductions[] {
  const reducer = parseReducer(reducerName);
  return [...tally.values()].map(([scorer, perSample]) => ({
    scorer,
    reducer: reducer.name,
    samples: [...perSample].map(([sampleId, values]) => ({
      sample_id: sampleId,
      value: reduceOrNaN(
        reducer,
        values.filter((value): value is number => value !== null),
      ),
      history: [],
    })),
  }));
}
