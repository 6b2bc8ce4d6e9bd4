import type { TokenPrices } from '../core/agent/react-agent.js';
import type { SampleRecord } from '../core/log/log-schema.js';
import type { MetricValue } from '../core/metrics/metric-value.js';
import { parseReducer } from '../core/metrics/reducer.js';
import { summarizeScores } from '../core/metrics/summarize-scores.js';
import { ratioOfTotals, type RatioValue } from './breakdown-ratio.js';

export interface BreakdownOptions {
  /** Sample metadata keys to group by, one table each, e.g. `category`, `difficulty`. */
  readonly by: readonly string[];
  /** The scorer whose values count; default the log's first. */
  readonly scorer: string;
  /** pass@k's k: the run's epochs. */
  readonly k: number;
  /** Without prices there is no cost column. */
  readonly prices?: TokenPrices;
}

/** One group's figures (a category, a difficulty, or all samples). */
export interface BreakdownRow {
  readonly group: string;
  /** Distinct samples in the group. */
  readonly samples: number;
  /** Sample-epochs the scorer scored. */
  readonly epochs: number;
  /** Sample-epochs that errored (not scored, but their tokens count). */
  readonly errors: number;
  /** Sample-epochs with a score of 1. */
  readonly successes: number;
  /** Mean per sample of c/n: the unbiased pass@1, with a Wilson interval. */
  readonly passAt1: MetricValue | undefined;
  /** Unbiased pass@k over samples with at least k scored epochs; absent when k is 1. */
  readonly passAtK: MetricValue | undefined;
  /** Samples that entered pass@k. */
  readonly passAtKSamples: number;
  /** Mean fraction of `score.metadata.subtasks` that are true, over samples that report any. */
  readonly subtasks: MetricValue | undefined;
  readonly subtaskSamples: number;
  /** All tokens of the group's sample-epochs per success. */
  readonly tokensPerSuccess: RatioValue | undefined;
  readonly costPerSuccess: RatioValue | undefined;
}

export interface BreakdownTable {
  readonly key: string;
  /** One row per value of the key, in order of name; samples without it under `(none)`. */
  readonly rows: readonly BreakdownRow[];
}

export interface Breakdown {
  readonly scorer: string;
  readonly k: number;
  readonly prices: TokenPrices | undefined;
  readonly tables: readonly BreakdownTable[];
  readonly overall: BreakdownRow;
}

/** What one sample contributes: numbers only, so memory does not grow with transcripts. */
interface SampleFigures {
  readonly groups: Map<string, string>;
  readonly values: number[];
  readonly subtaskFractions: number[];
  errors: number;
  successes: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export const noGroup = '(none)';

function groupName(value: unknown): string {
  if (value === undefined || value === null) return noGroup;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The fraction of subtasks done, or undefined when the score reports none. */
function subtaskFraction(subtasks: unknown): number | undefined {
  if (typeof subtasks !== 'object' || subtasks === null || Array.isArray(subtasks))
    return undefined;
  const flags: unknown[] = Object.values(subtasks);
  if (flags.length === 0) return undefined;
  return flags.filter((flag) => flag === true).length / flags.length;
}

/**
 * Collects a log's sample records one by one and computes, per group of a metadata key:
 * pass@1, pass@k, subtask completion, tokens and cost per success, each with a 95% interval
 * (Wilson for the proportions, clustered by sample as in `summarizeScores`).
 */
export class BreakdownTally {
  readonly #options: BreakdownOptions;
  readonly #samples = new Map<string, SampleFigures>();

  constructor(options: BreakdownOptions) {
    if (!Number.isSafeInteger(options.k) || options.k < 1)
      throw new RangeError(`BreakdownTally: k must be a positive integer, got ${options.k}`);
    this.#options = options;
  }

  /**
   * Counts one sample-epoch record. Records of several logs go into one tally with their own
   * `scorer` and a `key` that keeps their sample ids apart.
   */
  add(record: SampleRecord, scorer = this.#options.scorer, key = record.id): void {
    let figures = this.#samples.get(key);
    if (figures === undefined) {
      const groups = new Map(
        this.#options.by.map((key) => [key, groupName(record.metadata?.[key])]),
      );
      figures = {
        groups,
        values: [],
        subtaskFractions: [],
        errors: 0,
        successes: 0,
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
      };
      this.#samples.set(key, figures);
    }
    figures.inputTokens += record.usage.inputTokens;
    figures.outputTokens += record.usage.outputTokens;
    figures.totalTokens += record.usage.totalTokens;
    if (record.error !== undefined) {
      figures.errors += 1;
      return;
    }
    const score = record.scores[scorer];
    if (score === undefined || score.value === null) return;
    figures.values.push(score.value);
    if (score.value === 1) figures.successes += 1;
    const fraction = subtaskFraction(score.metadata?.subtasks);
    if (fraction !== undefined) figures.subtaskFractions.push(fraction);
  }

  result(): Breakdown {
    const all = [...this.#samples.values()];
    const tables = this.#options.by.map((key) => {
      const members = new Map<string, SampleFigures[]>();
      for (const figures of all) {
        const group = figures.groups.get(key) ?? noGroup;
        const list = members.get(group);
        if (list === undefined) members.set(group, [figures]);
        else list.push(figures);
      }
      const rows = [...members]
        .sort(([a], [b]) => (a === noGroup ? 1 : b === noGroup ? -1 : a.localeCompare(b)))
        .map(([group, list]) => this.#row(group, list));
      return { key, rows };
    });
    return {
      scorer: this.#options.scorer,
      k: this.#options.k,
      prices: this.#options.prices,
      tables,
      overall: this.#row('all', all),
    };
  }

  #row(group: string, members: readonly SampleFigures[]): BreakdownRow {
    const { k, prices } = this.#options;
    const values = new Map(members.map((figures, index) => [String(index), figures.values]));
    const passAt1 = summarizeScores('pass@1', values, parseReducer('pass_at_1')).metrics.accuracy;
    const enough = new Map([...values].filter(([, list]) => list.length >= k));
    const passAtK =
      k > 1 && enough.size > 0
        ? summarizeScores(`pass@${String(k)}`, enough, parseReducer(`pass_at_${String(k)}`)).metrics
            .accuracy
        : undefined;
    const fractions = new Map(
      members
        .map((figures, index) => [String(index), figures.subtaskFractions] as const)
        .filter(([, list]) => list.length > 0),
    );
    const subtasks =
      fractions.size > 0
        ? summarizeScores('subtasks', fractions, parseReducer('mean')).metrics.accuracy
        : undefined;
    const sum = (pick: (figures: SampleFigures) => number) =>
      members.reduce((total, figures) => total + pick(figures), 0);
    return {
      group,
      samples: members.length,
      epochs: sum((figures) => figures.values.length),
      errors: sum((figures) => figures.errors),
      successes: sum((figures) => figures.successes),
      passAt1,
      passAtK,
      passAtKSamples: k > 1 ? enough.size : 0,
      subtasks,
      subtaskSamples: fractions.size,
      tokensPerSuccess: ratioOfTotals(
        members.map((figures) => ({
          numerator: figures.totalTokens,
          denominator: figures.successes,
        })),
      ),
      costPerSuccess:
        prices === undefined
          ? undefined
          : ratioOfTotals(
              members.map((figures) => ({
                numerator:
                  figures.inputTokens * prices.input + figures.outputTokens * prices.output,
                denominator: figures.successes,
              })),
            ),
    };
  }
}
