import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { dirname } from 'node:path';
import { readBuildInfo } from '../../config/build-info.js';
import { readEnvironment } from '../../config/environment.js';
import { InputError } from '../../core/errors/input-error.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import { parseReducer } from '../../core/metrics/reducer.js';
import type { ModelApi } from '../../core/model/model-api.js';
import { defaultRetryPolicy } from '../../core/runner/retry-policy.js';
import { runEval, type ResumeFrom } from '../../core/runner/run-eval.js';
import { createScorer } from '../../core/scorers/create-scorer.js';
import { scorerNames, scorerSpecSchema } from '../../core/scorers/scorer-spec.js';
import type { Task } from '../../core/task/task.js';
import { resolveTask } from '../../loaders/resolve-task.js';
import { localSandboxes } from '../../sandboxes/local/local-sandboxes.js';
import { JsonlLogSink } from '../../log-files/jsonl-log-sink.js';
import { logFileName } from '../../log-files/log-file-name.js';
import { readLogHeader, streamSampleRecords } from '../../log-files/read-log.js';
import { withResponseCache } from '../../providers/cache/response-cache.js';
import { parseModelArgs, redactModelArgs } from '../../providers/model-args.js';
import { resolveModel, type ModelContext } from '../../providers/resolve-model.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { formatScorerMetrics } from '../format-results.js';
import { integerFlag, numberFlag, parseFlags } from '../parse-flags.js';
import { parseDuration } from '../parse-duration.js';
import { ProgressDisplay } from '../progress-display.js';
import { evalFlagOptions, evalHelp, storableCommand } from './eval-flags.js';
import { breakdownLogs } from '../../log-files/breakdown-log.js';
import { formatBreakdown } from '../../log-files/breakdown-table.js';
import { printCategoryReport } from './log-breakdown.js';

export { evalHelp } from './eval-flags.js';

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

/** Runs the endpoint's preflight check; a failure is bad configuration, reported before any log exists. */
async function preflight(model: ModelApi, signal: AbortSignal): Promise<void> {
  try {
    await model.preflight?.({ signal: AbortSignal.any([signal, AbortSignal.timeout(20_000)]) });
  } catch (error) {
    await model.close?.();
    if (error instanceof ModelApiError)
      throw new InputError(error.message, error.hint === undefined ? {} : { hint: error.hint });
    throw error;
  }
}

/** With `--resume LOG`: the original command line, then this one's flags on top. */
async function resumedArguments(
  args: readonly string[],
  logPath: string,
): Promise<readonly string[]> {
  const header = await readLogHeader(logPath);
  if (header.command === undefined) {
    throw new InputError('was not written by vigil eval, so there is no command to resume', {
      source: logPath,
    });
  }
  return [...header.command, ...storableCommand(args)];
}

/** The command line kept in one task's log (for --resume): the flags, and only that task. */
function commandFor(args: readonly string[], taskIndex: number): string[] {
  const { tokens } = parseArgs({
    args: [...args],
    options: evalFlagOptions,
    allowPositionals: true,
    strict: true,
    tokens: true,
  });
  const positions = tokens.flatMap((token) => (token.kind === 'positional' ? [token.index] : []));
  const kept = positions[taskIndex];
  return storableCommand(args.filter((_, index) => index === kept || !positions.includes(index)));
}

/** After several tasks: one report over all their logs, by category and difficulty. */
async function printTrackReport(logs: readonly string[], io: CliIo): Promise<void> {
  const breakdown = await breakdownLogs(logs);
  io.stdout.write(`\nall ${String(logs.length)} tasks together:\n`);
  io.stdout.write(`${formatBreakdown(breakdown).join('\n')}\n`);
}

/** `vigil eval`: everything is checked before the log is created, so bad input leaves no log. */
export async function evalCommand(
  givenArgs: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const first = parseFlags('eval', givenArgs, evalFlagOptions);
  if (first.values.help === true) {
    io.stdout.write(`${evalHelp}\n`);
    return exitCodes.success;
  }
  const resumePath = first.values.resume;
  if (first.values['retry-errors'] === true && resumePath === undefined) {
    throw new InputError('--retry-errors goes with --resume', {
      hint: 'vigil eval --resume <log> --retry-errors',
    });
  }
  if (resumePath !== undefined && first.positionals.length > 0) {
    throw new InputError('--resume takes the task from the log; give no task', {
      hint: 'vigil eval --resume <log>',
    });
  }
  const args = resumePath === undefined ? givenArgs : await resumedArguments(givenArgs, resumePath);
  const { values, positionals } =
    resumePath === undefined ? first : parseFlags('eval', args, evalFlagOptions);
  if (positionals.length === 0) {
    throw new InputError('eval needs a task', {
      hint: 'vigil eval <task>... --model <provider/model>; vigil list tasks shows the built-in tasks',
    });
  }
  if (values.model === undefined)
    throw new InputError('eval needs --model', { hint: 'e.g. --model mock/echo' });
  const limit = integerFlag('limit', values.limit, 1);
  const epochs = integerFlag('epochs', values.epochs, 1, 10_000);
  const maxConnections = integerFlag('max-connections', values['max-connections'], 1, 10_000) ?? 16;
  const maxSamples = integerFlag('max-samples', values['max-samples'], 1, 100_000);
  const maxRetries = integerFlag('max-retries', values['max-retries'], 0, 100);
  const seed = integerFlag('seed', values.seed, 0, 2 ** 31 - 1);
  const timeLimit = numberFlag('time-limit', values['time-limit'], 0.001);
  const failOnError = numberFlag('fail-on-error', values['fail-on-error'], 0) ?? 0.1;
  const cacheExpiryMs = parseDuration('cache-expiry', values['cache-expiry'] ?? '7d');
  if (values.reducer !== undefined) {
    try {
      parseReducer(values.reducer);
    } catch (error) {
      throw new InputError(`--reducer: ${(error as Error).message}`);
    }
  }

  const environment = readEnvironment();
  const modelArgs = parseModelArgs(values.M ?? []);
  const modelContext: ModelContext = {
    environment,
    endpoint: { baseUrl: values['base-url'], apiKey: values['api-key'] },
    connections: maxConnections,
    warn: (message) => io.stderr.write(`vigil: warning: ${message}\n`),
  };
  const grader =
    values['grader-model'] === undefined
      ? undefined
      : await resolveModel(values['grader-model'], {}, { environment });
  const scorerContext = grader === undefined ? {} : { grader };
  // Generated suites make their items from the run's seed, and only as many as it runs.
  const taskContext = {
    ...scorerContext,
    ...(seed === undefined ? {} : { seed }),
    ...(limit === undefined ? {} : { limit }),
  };
  // Every task is resolved and checked before the first log exists.
  const tasks: Task[] = [];
  for (const name of positionals) {
    let task = overrideScorer(await resolveTask(name, taskContext), values.scorer, scorerContext);
    if (values.reducer !== undefined) task = { ...task, reducer: values.reducer };
    if (timeLimit !== undefined)
      task = { ...task, limits: { ...task.limits, timeSeconds: timeLimit } };
    const runEpochs = epochs ?? task.epochs;
    if (task.reducer.startsWith('pass_at_') && Number(task.reducer.slice(8)) > runEpochs) {
      throw new InputError(
        `reducer ${task.reducer} needs at least ${task.reducer.slice(8)} epochs, got ${runEpochs}`,
        { hint: 'raise --epochs' },
      );
    }
    tasks.push(task);
  }

  const endpointModel = await resolveModel(values.model, modelArgs, modelContext);
  await preflight(endpointModel, signal);
  const model =
    values.cache === true
      ? withResponseCache(endpointModel, {
          directory: values['cache-dir'] ?? environment.cacheDir ?? '.vigil/cache',
          expiryMs: cacheExpiryMs,
        })
      : endpointModel;

  const logDir =
    values['log-dir'] ??
    (resumePath === undefined ? undefined : dirname(resumePath)) ??
    environment.logDir ??
    'logs';
  const logs: string[] = [];
  let exitCode: number = exitCodes.success;
  for (const [index, task] of tasks.entries()) {
    if (signal.aborted) break;
    const result = await runTask(task, commandFor(args, index));
    logs.push(result.location);
    if (result.status === 'cancelled') return exitCodes.cancelled;
    if (result.status !== 'success') exitCode = exitCodes.failed;
  }
  if (tasks.length > 1 && values.json !== true) await printTrackReport(logs, io);
  return exitCode;

  /** Runs one task into its own log and prints its results. */
  async function runTask(task: Task, command: readonly string[]) {
    const runId = randomUUID().slice(0, 8);
    const sink = new JsonlLogSink(logFileName(logDir, task.name, runId, new Date()));
    const resume: ResumeFrom | undefined =
      resumePath === undefined
        ? undefined
        : {
            from: resumePath,
            records: () => streamSampleRecords(resumePath),
            retryErrors: first.values['retry-errors'] === true,
          };
    const progress = values['no-progress'] === true ? undefined : new ProgressDisplay(io.stderr);
    io.stderr.write(
      `vigil eval ${task.name} on ${model.name}: ${String(Math.min(task.dataset.samples.length, limit ?? Infinity))} samples, log ${sink.location}\n`,
    );

    const result = await runEval({
      task,
      model,
      sink,
      runId,
      vigil: await readBuildInfo(),
      modelArgs: redactModelArgs(modelArgs),
      command,
      maxConnections,
      failOnError,
      signal,
      ...(limit === undefined ? {} : { limit }),
      ...(epochs === undefined ? {} : { epochs }),
      ...(maxSamples === undefined ? {} : { maxSamples }),
      ...(seed === undefined ? {} : { seed }),
      ...(maxRetries === undefined ? {} : { retry: { ...defaultRetryPolicy, maxRetries } }),
      ...(resume === undefined ? {} : { resume }),
      ...(task.sandbox === undefined ? {} : { sandboxes: await localSandboxes() }),
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
      const copied =
        result.copiedSamples > 0
          ? ` (${result.copiedSamples} copied from ${resumePath ?? ''})`
          : '';
      io.stdout.write(
        `${task.name} · ${model.name} · ${result.status} · ${result.completedSamples}/${result.plannedSamples} samples${copied}, ${result.erroredSamples} errors\n`,
      );
      for (const line of formatScorerMetrics(result.scorers)) io.stdout.write(`${line}\n`);
      if (result.error !== undefined)
        io.stdout.write(
          `error: ${result.error.message}${result.error.hint === undefined ? '' : ` — ${result.error.hint}`}\n`,
        );
      await printCategoryReport(result.location, task.dataset.samples, io);
      io.stdout.write(`log: ${result.location}\n`);
    }
    return result;
  }
}
