import type { LogFooter, LogHeader } from '../core/log/log-schema.js';
import type { ScorerMetrics } from '../core/metrics/metric-value.js';
import { ScoreTally } from '../core/runner/score-tally.js';
import { InputError } from '../core/errors/input-error.js';
import { streamLog } from './read-log.js';

/** A log read back: its header, how it ended, and its metrics. */
export interface LogSummary {
  readonly path: string;
  readonly header: LogHeader;
  /** `incomplete` when the run never wrote a footer (still running, or crashed). */
  readonly status: LogFooter['status'] | 'incomplete';
  readonly footer: LogFooter | undefined;
  readonly samples: number;
  readonly erroredSamples: number;
  /** From the footer, or recomputed from the samples of an incomplete log. */
  readonly scorers: readonly ScorerMetrics[];
  /** The writer crashed in the middle of the last line. */
  readonly truncated: boolean;
}

/** Reads a whole log as a stream and summarises it; memory holds numbers, not records. */
export async function summarizeLog(path: string): Promise<LogSummary> {
  let header: LogHeader | undefined;
  let footer: LogFooter | undefined;
  let tally: ScoreTally | undefined;
  let samples = 0;
  let erroredSamples = 0;
  let truncated = false;
  for await (const entry of streamLog(path)) {
    if (entry.type === 'header') {
      header = entry.header;
      tally = new ScoreTally(header.config.scorers);
    } else if (entry.type === 'sample') {
      samples += 1;
      if (entry.sample.error !== undefined) erroredSamples += 1;
      tally?.add(entry.sample);
    } else if (entry.type === 'footer') footer = entry.footer;
    else truncated = true;
  }
  if (header === undefined || tally === undefined) {
    throw new InputError('has no header', { source: path, hint: 'is this a Vigil eval log?' });
  }
  return {
    path,
    header,
    status: footer?.status ?? 'incomplete',
    footer,
    samples,
    erroredSamples,
    scorers: footer?.results.scorers ?? tally.summarize(header.config.reducer),
    truncated,
  };
}
