import { InputError } from '../../core/errors/input-error.js';
import { builtinTasks } from '../../suites/builtin-tasks.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { parseFlags } from '../parse-flags.js';

export const listHelp = `Usage: vigil list tasks [--json]

Lists the built-in tasks with their tracks and descriptions.`;

/** `vigil list tasks`. */
export function listCommand(args: readonly string[], io: CliIo): number {
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
  const entries = Object.entries(builtinTasks);
  if (values.json === true) {
    const tasks = entries.map(([name, task]) => ({
      name,
      track: task.track,
      description: task.description,
    }));
    io.stdout.write(`${JSON.stringify(tasks)}\n`);
    return exitCodes.success;
  }
  const width = Math.max(...entries.map(([name]) => name.length));
  for (const [name, task] of entries)
    io.stdout.write(`${name.padEnd(width)}  [${task.track}]  ${task.description}\n`);
  return exitCodes.success;
}
