import { InputError } from '../../core/errors/input-error.js';
import { builtinTasks } from '../../suites/builtin-tasks.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { parseFlags } from '../parse-flags.js';

export const listHelp = `Usage: vigil list tasks [--json]

Lists the built-in tasks with their tracks, item counts and descriptions. Generated suites
count the items one run makes by default (--limit and --seed change them).`;

/** `vigil list tasks`. */
export async function listCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('list', args, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${listHelp}\n`);
    return exitCodes.success;
  }
  if (positionals[0] !== 'tasks' || positionals.length !== 1) {
    throw new InputError(`cannot list "${positionals.join(' ')}"`, {
      hint: 'use: vigil list tasks',
    });
  }
  // Creating a task makes its dataset (generated suites generate it): cheap, and the only
  // honest count.
  const entries = await Promise.all(
    Object.entries(builtinTasks).map(async ([name, task]) => ({
      name,
      track: task.track,
      description: task.description,
      items: (await task.create({})).dataset.samples.length,
    })),
  );
  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(entries)}\n`);
    return exitCodes.success;
  }
  const width = Math.max(...entries.map((entry) => entry.name.length));
  const trackWidth = Math.max(...entries.map((entry) => entry.track.length)) + 2;
  for (const entry of entries) {
    const items = `${String(entry.items)} items`.padStart(10);
    io.stdout.write(
      `${entry.name.padEnd(width)}  ${`[${entry.track}]`.padEnd(trackWidth)}  ${items}  ${entry.description}\n`,
    );
  }
  return exitCodes.success;
}
