import { InputError } from '../../core/errors/input-error.js';
import type { Sample } from '../../core/task/sample.js';
import type { Task } from '../../core/task/task.js';
import { readEnvironment } from '../../config/environment.js';
import { resolveTask } from '../../loaders/resolve-task.js';
import { localSandboxes } from '../../sandboxes/local/local-sandboxes.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { numberFlag, parseFlags } from '../parse-flags.js';

export const sandboxHelp = `Usage: vigil sandbox exec <task> [--sample ID] [--timeout SECONDS] -- <command...>
       vigil sandbox shell <task> [--sample ID]
       vigil sandbox cleanup

For task authors: start a sample's episode (its services and the agent's sandbox), then
  exec      run one command in the agent's sandbox, print its output, exit with its code
  shell     open an interactive shell there
  cleanup   remove what crashed runs left behind (processes, namespaces, cgroups, files)
The episode is torn down when the command or shell ends. Needs root and bubblewrap.`;

function pickSample(task: Task, id: string | undefined): Sample {
  const sample =
    id === undefined
      ? task.dataset.samples[0]
      : task.dataset.samples.find((entry) => entry.id === id);
  if (sample === undefined) {
    throw new InputError(`task ${task.name} has no sample "${id ?? ''}"`, {
      hint: `samples: ${task.dataset.samples
        .slice(0, 10)
        .map((entry) => entry.id)
        .join(', ')}`,
    });
  }
  return sample;
}

/** `vigil sandbox exec | shell | cleanup`. */
export async function sandboxCommand(args: readonly string[], io: CliIo): Promise<number> {
  const separator = args.indexOf('--');
  const own = separator === -1 ? args : args.slice(0, separator);
  const command = separator === -1 ? [] : args.slice(separator + 1);
  const { values, positionals } = parseFlags('sandbox', own, {
    sample: { type: 'string' },
    timeout: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${sandboxHelp}\n`);
    return exitCodes.success;
  }
  const [action, taskReference, ...rest] = positionals;
  if (action === 'cleanup' && taskReference === undefined) {
    const report = await (await localSandboxes()).sweep();
    io.stdout.write(
      report.episodes.length === 0
        ? 'nothing to clean up\n'
        : `removed ${String(report.episodes.length)} episode(s): ${report.episodes.join(', ')}\n`,
    );
    return exitCodes.success;
  }
  if ((action !== 'exec' && action !== 'shell') || taskReference === undefined || rest.length > 0) {
    throw new InputError('expected: vigil sandbox exec|shell <task> or vigil sandbox cleanup', {
      hint: 'see vigil sandbox --help',
    });
  }
  if (action === 'exec' && command.length === 0)
    throw new InputError('exec needs a command after --', {
      hint: 'vigil sandbox exec <task> -- ls -la',
    });
  const timeout = numberFlag('timeout', values.timeout, 0.001) ?? 600;
  const task = await resolveTask(taskReference, {});
  const spec = task.sandbox?.(pickSample(task, values.sample));
  if (spec === undefined)
    throw new InputError(`task ${task.name} does not run in a sandbox`, {
      hint: 'pick a task with services or agent tools',
    });
  const sandboxes = await localSandboxes();
  const episode = await sandboxes.start(spec);
  try {
    if (action === 'shell') {
      const terminal = readEnvironment().terminal;
      if (episode.agent.attach === undefined)
        throw new InputError('this sandbox offers no interactive shell');
      return await episode.agent.attach(
        ['bash', '-i'],
        terminal === undefined ? {} : { TERM: terminal },
      );
    }
    const result = await episode.agent.exec({ command, timeoutMs: timeout * 1000 });
    io.stdout.write(result.stdout);
    io.stderr.write(result.stderr);
    if (result.timedOut)
      io.stderr.write(`vigil: the command ran longer than ${String(timeout)} s and was killed\n`);
    if (result.truncated) io.stderr.write('vigil: output was cut at the output limit\n');
    return result.exitCode ?? 128 + 9;
  } finally {
    await episode.close();
  }
}
