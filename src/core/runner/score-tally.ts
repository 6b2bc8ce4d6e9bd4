import type { SampleRecord } from '../log/log-schema.js';
import type { ScorerMetrics } from '../metrics/metric-value.js';
import { parseReducer } from '../metrics/reducer.js';
import { summarizeScores } from '../metrics/summarize-scores.js';

/**
 * Collects score values per scorer and sample across epochs as records arrive, so metrics
 * need only numbers in memory, never whole records. Errored records do not count.
 */
export class ScoreTally {
  readonly scorerNames: readonly string[];
  readonly #byScorer = new Map<string, Map<string, (number | null)[]>>();

  constructor(scorerNames: readonly string[]) {
    this.scorerNames = scorerNames;
    for (const name of scorerNames) this.#byScorer.set(name, new Map());
  }

  add(record: SampleRecord): void {
    if (record.error !== undefined) return;
    for (const [name, perSample] of this.#byScorer) {
      const score = record.scores[name];
      if (score === undefined) continue;
      const values = perSample.get(record.id);
      if (values === undefined) perSample.set(record.id, [score.value]);
      else values.push(score.value);
    }
  }

  /** Each scorer's values by sample id, one per epoch (null where it could not score). */
  values(): ReadonlyMap<string, ReadonlyMap<string, readonly (number | null)[]>> {
    return this.#byScorer;
  }

  /** Metrics per scorer, with each sample's epochs reduced by `reducer`. */
  summarize(reducerName: string): ScorerMetrics[] {
    const reducer = parseReducer(reducerName);
    return [...this.#byScorer].map(([name, perSample]) =>
      summarizeScores(name, perSample, reducer),
    );
  }
}
