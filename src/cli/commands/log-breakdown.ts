import { InputError } from '../../core/errors/input-error.js';
import type { Sample } from '../../core/task/sample.js';
import { breakdownLog, type BreakdownLogOptions } from '../../log-files/breakdown-log.js';
import { formatBreakdown } from '../../log-files/breakdown-table.js';
import type { CliIo } from '../cli-io.js';

/** `--by KEY` (repeatable, or comma-separated) and `--token-prices IN,OUT` as report options. */
export function breakdownOptions(
  by: readonly string[] | undefined,
  tokenPrices: string | undefined,
): BreakdownLogOptions | undefined {
  if (by === undefined) {
    if (tokenPrices !== undefined)
      throw new InputError('--token-prices goes with --by', {
        hint: 'e.g. vigil log show <log> --by category --token-prices 3,15',
      });
    return undefined;
  }
  const keys = by.flatMap((value) => value.split(',')).map((key) => key.trim());
  if (keys.some((key) => key === ''))
    throw new InputError('--by needs a sample metadata key, e.g. --by category', {
      hint: 'keys: category, difficulty, or any other key of the samples’ metadata',
    });
  if (tokenPrices === undefined) return { by: [...new Set(keys)] };
  const parts = tokenPrices.split(',').map((part) => part.trim());
  const [input, output] = parts.map(Number);
  if (
    parts.length !== 2 ||
    parts.some((part) => part === '') ||
    input === undefined ||
    output === undefined ||
    !Number.isFinite(input) ||
    !Number.isFinite(output) ||
    input < 0 ||
    output < 0
  ) {
    throw new InputError(
      `--token-prices must be two prices per million tokens, got "${tokenPrices}"`,
      {
        hint: 'input,output, e.g. --token-prices 3,15 for 3 per million input and 15 per million output tokens',
      },
    );
  }
  return { by: [...new Set(keys)], prices: { input: input / 1e6, output: output / 1e6 } };
}

/** Prints the per-group report of a log. */
export async function printBreakdown(
  path: string,
  options: BreakdownLogOptions,
  io: CliIo,
): Promise<void> {
  const breakdown = await breakdownLog(path, options);
  io.stdout.write(`\n${formatBreakdown(breakdown).join('\n')}\n`);
}

/**
 * After `vigil eval`: the report by category and difficulty, when the task's samples carry a
 * `category` (the cyber suites do); nothing otherwise.
 */
export async function printCategoryReport(
  path: string,
  samples: readonly Sample[],
  io: CliIo,
): Promise<void> {
  if (!samples.some((sample) => sample.metadata?.category !== undefined)) return;
  await printBreakdown(path, {}, io);
}
