import { randomUUID } from 'node:crypto';
import { InputError } from '../../core/errors/input-error.js';
import { parseReducer } from '../../core/metrics/reducer.js';
import { runEval } from '../../core/runner/run-eval.js';
import { createScorer } from '../../core/scorers/create-scorer.js';
import { scorerNames, scorerSpecSchema } from '../../core/scorers/scorer-spec.js';
import type { Task } from '../../core/task/task.js';
import { readBuildInfo } from '../../config/build-info.js';
import { readEnvironment } from '../../config/environment.js';
import { resolveTask } from '../../loaders/resolve-task.js';
import { JsonlLogSink } from '../../log-files/jsonl-log-sink.js';
import { logFileName } from '../../log-files/log-file-name.js';
import { parseModelArgs, redactModelArgs } from '../../providers/model-args.js';
import { resolveModel } from '../../providers/resolve-model.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { formatScorerMetrics } from '../format-results.js';
import { integerFlag, numberFlag, parseFlags } from '../parse-flags.js';
import { ProgressDisplay } from '../progress-display.js';

export const evalHelp = `Usage: vigil eval <task | task.yaml | dataset.jsonl | dataset.csv> --model <provider/model> [options]

Runs an evaluation and writes its log as samples finish.

Options:
  -m, --model NAME          model to evaluate, e.g. mock/echo, mock/scripted (required)
  -M KEY=VALUE              model argument, repeatable (e.g. -M script=replies.yaml)
  --limit N                 run only the first N samples
  --epochs K                run each sample K times (overrides the task)
  --reducer NAME            combine epochs: mean, max, min, median, mode, pass_at_K, at_least_K
  --max-connections C       most model calls in flight at once (default 16)
  --max-samples S           most samples in progress at once (default: max-connections)
  --seed S                  seed every sample's model calls reproducibly
  --scorer NAME             score with this scorer instead of the task's (${scorerNames.join(', ')})
  --grader-model NAME       model for the model_graded scorer
  --time-limit SECONDS      wall-clock limit per sample
  --fail-on-error X         stop when errored samples exceed X (a fraction < 1 or a count; default 0.1)
  --log-dir DIR             where to write the log (default ./logs, or $VIGIL_LOG_DIR)
  --no-progress             no progress display
  --json                    print the result as JSON on stdout
  -h, --help                show this help

Exit codes: 0 success, 1 the evaluation failed, 2 bad usage or input, 130 cancelled.`;

const flagOptions = {
  model: { type: 'string', short: 'm' },
  M: { type: 'string', short: 'M', multiple: true },
  limit: { type: 'string' },
  epochs: { type: 'string' },
  reducer: { type: 'string' },
  'max-connections': { type: 'string' },
  'max-samples': { type: 'string' },
  seed: { type: 'string' },
  scorer: { type: 'string' },
  'grader-model': { type: 'string' },
  'time-limit': { type: 'string' },
  'fail-on-error': { type: 'string' },
  'log-dir': { type: 'string' },
  'no-progress': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function overrideScorer(
  task: Task,
  name: string | undefined,
  context: Parameters<typeof createScorer>[1],
): Task {
  if (name === undefined) return task;
  if (!(scorerNames as readonly string[]).includes(name)) {
    throw new InputError(`unknown scorer "${name}"`, {
      hint: `use one of: ${scorerNames.join(', ')}`,
    });
  }
  const spec = scorerSpecSchema.safeParse(name);
  if (!spec.success) {
    throw new InputError(`scorer "${name}" needs options`, {
      hint: 'declare it with its options in a task file (see docs/task-files.md)',
    });
  }
  return { ...task, scorers: [createScorer(spec.data, context)] };
}

/** `vigil eval`: everything is checked before the log is created, so bad input leaves no log. */
export async function evalCommand(
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseFlags('eval', args, flagOptions);
  if (values.help === true) {
    io.stdout.write(`${evalHelp}\n`);
    return exitCodes.success;
  }
  if (positionals.length !== 1 || positionals[0] === undefined) {
    throw new InputError(
      positionals.length === 0
        ? 'eval needs a task'
        : `eval takes one task, got ${positionals.length}`,
      {
        hint: 'vigil eval <task> --model <provider/model>; vigil list tasks shows the built-in tasks',
      },
    );
  }
  if (values.model === undefined)
    throw new InputError('eval needs --model', { hint: 'e.g. --model mock/echo' });
  const limit = integerFlag('limit', values.limit, 1);
  const epochs = integerFlag('epochs', values.epochs, 1, 10_000);
  const maxConnections = integerFlag('max-connections', values['max-connections'], 1, 10_000) ?? 16;
  const maxSamples = integerFlag('max-samples', values['max-samples'], 1, 100_000);
  const seed = integerFlag('seed', values.seed, 0, 2 ** 31 - 1);
  const timeLimit = numberFlag('time-limit', values['time-limit'], 0.001);
  const failOnError = numberFlag('fail-on-error', values['fail-on-error'], 0) ?? 0.1;
  if (values.reducer !== undefined) {
    try {
      parseReducer(values.reducer);
    } catch (error) {
      throw new InputError(`--reducer: ${(error as Error).message}`);
    }
  }

  const modelArgs = parseModelArgs(values.M ?? []);
  const model = await resolveModel(values.model, modelArgs);
  const grader =
    values['grader-model'] === undefined
      ? undefined
      : await resolveModel(values['grader-model'], {});
  const context = grader === undefined ? {} : { grader };
  let task = overrideScorer(await resolveTask(positionals[0], context), values.scorer, context);
  if (values.reducer !== undefined) task = { ...task, reducer: values.reducer };
  if (timeLimit !== undefined)
    task = { ...task, limits: { ...task.limits, timeSeconds: timeLimit } };
  if (
    epochs !== undefined &&
    task.reducer.startsWith('pass_at_') &&
    Number(task.reducer.slice(8)) > epochs
  ) {
    throw new InputError(
      `reducer ${task.reducer} needs at least ${task.reducer.slice(8)} epochs, got ${epochs}`,
      { hint: 'raise --epochs' },
    );
  }

  const runId = randomUUID().slice(0, 8);
  const logDir = values['log-dir'] ?? readEnvironment().logDir ?? 'logs';
  const sink = new JsonlLogSink(logFileName(logDir, task.name, runId, new Date()));
  const progress = values['no-progress'] === true ? undefined : new ProgressDisplay(io.stderr);
  io.stderr.write(
    `vigil eval ${task.name} on ${model.name}: ${task.dataset.samples.length} samples, log ${sink.location}\n`,
  );

  const result = await runEval({
    task,
    model,
    sink,
    runId,
    vigil: await readBuildInfo(),
    modelArgs: redactModelArgs(modelArgs),
    maxConnections,
    failOnError,
    signal,
    ...(limit === undefined ? {} : { limit }),
    ...(epochs === undefined ? {} : { epochs }),
    ...(maxSamples === undefined ? {} : { maxSamples }),
    ...(seed === undefined ? {} : { seed }),
    ...(progress === undefined
      ? {}
      : {
          onProgress: (update) => {
            progress.update(update);
          },
        }),
  });
  progress?.finish();

  if (values.json === true) {
    io.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    io.stdout.write(
      `${task.name} · ${model.name} · ${result.status} · ${result.completedSamples}/${result.plannedSamples} samples, ${result.erroredSamples} errors\n`,
    );
    for (const line of formatScorerMetrics(result.scorers)) io.stdout.write(`${line}\n`);
    if (result.error !== undefined) io.stdout.write(`error: ${result.error.message}\n`);
    io.stdout.write(`log: ${result.location}\n`);
  }
  if (result.status === 'cancelled') return exitCodes.cancelled;
  return result.status === 'success' ? exitCodes.success : exitCodes.failed;
}
