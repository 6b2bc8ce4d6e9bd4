import { InputError } from '../core/errors/input-error.js';
import type { LogHeader } from '../core/log/log-schema.js';
import type { TokenPrices } from '../core/agent/react-agent.js';
import { BreakdownTally, type Breakdown } from './breakdown.js';
import { readLogHeader, streamLog, streamSampleRecords } from './read-log.js';

export interface BreakdownLogOptions {
  /** Metadata keys to group by; default `category` and `difficulty`. */
  readonly by?: readonly string[];
  /** Default: the log's first scorer. */
  readonly scorer?: string;
  /** Prices of one input and one output token; without them no cost per success. */
  readonly prices?: TokenPrices;
}

export const defaultBreakdownKeys: readonly string[] = ['category', 'difficulty'];

function scorerOf(header: LogHeader, path: string, wanted: string | undefined): string {
  const scorers = header.config.scorers;
  const scorer = wanted ?? scorers[0];
  if (scorer === undefined)
    throw new InputError('the log names no scorer, so there is nothing to break down', {
      source: path,
    });
  if (!scorers.includes(scorer))
    throw new InputError(`the log has no scorer "${scorer}"`, {
      source: path,
      hint: `its scorers are: ${scorers.join(', ')}`,
    });
  return scorer;
}

/**
 * The per-group report of a log, streamed record by record (memory holds numbers per sample,
 * not transcripts). pass@k uses the run's epochs as k; an unfinished log is read as far as
 * it goes.
 */
export async function breakdownLog(
  path: string,
  options: BreakdownLogOptions = {},
): Promise<Breakdown> {
  let tally: BreakdownTally | undefined;
  for await (const entry of streamLog(path)) {
    if (entry.type === 'header') {
      tally = new BreakdownTally({
        by: options.by ?? defaultBreakdownKeys,
        scorer: scorerOf(entry.header, path, options.scorer),
        k: entry.header.config.epochs,
        ...(options.prices === undefined ? {} : { prices: options.prices }),
      });
    } else if (entry.type === 'sample') tally?.add(entry.sample);
  }
  if (tally === undefined)
    throw new InputError('has no header', { source: path, hint: 'is this a Vigil eval log?' });
  return tally.result();
}

/**
 * One report over several logs (e.g. a track's suites run one after another): each log counts
 * with its own first scorer, sample ids stay apart per log, and pass@k uses the smallest
 * number of epochs among them.
 */
export async function breakdownLogs(
  paths: readonly string[],
  options: Omit<BreakdownLogOptions, 'scorer'> = {},
): Promise<Breakdown> {
  const headers = await Promise.all(paths.map((path) => readLogHeader(path)));
  const scorers = headers.map((header, index) => scorerOf(header, paths[index] ?? '', undefined));
  const tally = new BreakdownTally({
    by: options.by ?? defaultBreakdownKeys,
    scorer: [...new Set(scorers)].join(', '),
    k: Math.min(...headers.map((header) => header.config.epochs)),
    ...(options.prices === undefined ? {} : { prices: options.prices }),
  });
  for (const [index, path] of paths.entries()) {
    for await (const record of streamSampleRecords(path))
      tally.add(record, scorers[index], `${String(index)}:${record.id}`);
  }
  return tally.result();
}
