import type { ErrorInfo, LogFooter, LogHeader, RunStatus } from '../log/log-schema.js';
import { logFormat, logVersion } from '../log/log-schema.js';
import type { LogSink } from '../log/log-sink.js';
import type { ScorerMetrics } from '../metrics/metric-value.js';
import { parseReducer } from '../metrics/reducer.js';
import type { ModelApi } from '../model/model-api.js';
import { addUsage, zeroUsage, type TokenUsage } from '../model/model-output.js';
import type { Sample } from '../task/sample.js';
import type { Task } from '../task/task.js';
import { errorInfo } from './error-info.js';
import type { RunProgress } from './run-progress.js';
import { runSample, SampleCancelled } from './run-sample.js';
import { sampleSeed } from './sample-seed.js';
import { ScoreTally } from './score-tally.js';
import { Semaphore } from './semaphore.js';

/** Everything a run needs; the caller builds the adapters. */
export interface RunOptions {
  readonly task: Task;
  readonly model: ModelApi;
  readonly sink: LogSink;
  readonly runId: string;
  readonly vigil: LogHeader['vigil'];
  /** Model arguments as given (`-M key=value`), already redacted. */
  readonly modelArgs?: Readonly<Record<string, string>>;
  /** Overrides the task's epochs. */
  readonly epochs?: number;
  /** Runs only the first N samples. */
  readonly limit?: number;
  /** Most model calls in flight at once. */
  readonly maxConnections: number;
  /** Most samples in progress at once; defaults to `maxConnections`. */
  readonly maxSamples?: number;
  /** Seeds each sample-epoch's generate config, reproducibly. */
  readonly seed?: number;
  /** Stop when errored samples exceed this: a fraction of planned samples if < 1, a count if >= 1. */
  readonly failOnError: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly now?: () => number;
}

/** How a run ended, as also written in the log's footer. */
export interface RunResult {
  readonly status: RunStatus;
  readonly location: string;
  readonly plannedSamples: number;
  readonly completedSamples: number;
  readonly erroredSamples: number;
  readonly scorers: readonly ScorerMetrics[];
  readonly usage: TokenUsage;
  readonly error?: ErrorInfo;
}

class ErrorThresholdExceeded extends Error {
  override readonly name = 'ErrorThresholdExceeded';
}

function errorThreshold(failOnError: number, planned: number): number {
  return failOnError < 1 ? Math.floor(failOnError * planned) : failOnError;
}

/**
 * Runs a task against a model: every sample for every epoch, at most `maxSamples` at once, in
 * a fixed order (sample by sample, epochs together). Records are written as they finish.
 */
export async function runEval(options: RunOptions): Promise<RunResult> {
  const { task, model, sink } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const epochs = options.epochs ?? task.epochs;
  parseReducer(task.reducer); // a bad reducer fails before the log is opened
  const samples: readonly Sample[] =
    options.limit === undefined
      ? task.dataset.samples
      : task.dataset.samples.slice(0, options.limit);
  const planned = samples.length * epochs;
  const tally = new ScoreTally(task.scorers.map((scorer) => scorer.name));
  const stop = new AbortController();
  const runSignal =
    options.signal === undefined ? stop.signal : AbortSignal.any([options.signal, stop.signal]);
  const connections = new Semaphore(options.maxConnections);
  const threshold = errorThreshold(options.failOnError, planned);

  await sink.open({
    type: 'header',
    format: logFormat,
    version: logVersion,
    runId: options.runId,
    createdAt: new Date(started).toISOString(),
    task: {
      name: task.name,
      metadata: task.metadata,
      dataset: {
        name: task.dataset.name,
        location: task.dataset.location,
        samples: samples.length,
      },
    },
    model: { name: model.name, args: { ...options.modelArgs } },
    config: {
      epochs,
      reducer: task.reducer,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      maxConnections: options.maxConnections,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      failOnError: options.failOnError,
      generate: {
        ...task.config,
        ...(task.config.stopSequences ? { stopSequences: [...task.config.stopSequences] } : {}),
      },
      limits: { ...task.limits },
      scorers: task.scorers.map((scorer) => scorer.name),
    },
    plannedSamples: planned,
    vigil: options.vigil,
  });

  let completed = 0;
  let errored = 0;
  let usage = zeroUsage;
  let next = 0;
  let failure: unknown;

  const worker = async (): Promise<void> => {
    while (!runSignal.aborted && next < planned) {
      const index = next;
      next += 1;
      const sample = samples[Math.floor(index / epochs)];
      if (sample === undefined) return;
      const epoch = (index % epochs) + 1;
      const config =
        options.seed === undefined
          ? task.config
          : { ...task.config, seed: sampleSeed(options.seed, sample.id, epoch) };
      let record;
      try {
        record = await runSample(sample, epoch, {
          task,
          model,
          connections,
          config,
          runSignal,
          now,
        });
      } catch (error) {
        if (error instanceof SampleCancelled) return;
        throw error;
      }
      await sink.writeSample(record);
      completed += 1;
      usage = addUsage(usage, record.usage);
      if (record.error !== undefined) errored += 1;
      tally.add(record);
      options.onProgress?.({
        planned,
        completed,
        errored,
        totalTokens: usage.totalTokens,
        elapsedMs: now() - started,
      });
      if (errored > threshold && !stop.signal.aborted) {
        stop.abort(
          new ErrorThresholdExceeded(
            `${errored} samples failed, more than the --fail-on-error limit of ${threshold}`,
          ),
        );
      }
    }
  };

  const workerCount = Math.max(1, Math.min(options.maxSamples ?? options.maxConnections, planned));
  const outcomes = await Promise.allSettled(Array.from({ length: workerCount }, worker));
  for (const outcome of outcomes) if (outcome.status === 'rejected') failure ??= outcome.reason;

  const cancelled = options.signal?.aborted === true;
  const thresholdError = stop.signal.aborted
    ? (stop.signal.reason as ErrorThresholdExceeded)
    : undefined;
  const status: RunStatus =
    failure !== undefined || thresholdError !== undefined
      ? 'error'
      : cancelled
        ? 'cancelled'
        : 'success';
  const error =
    failure !== undefined
      ? errorInfo(failure)
      : thresholdError === undefined
        ? undefined
        : errorInfo(thresholdError);
  const scorers = tally.summarize(task.reducer);
  const footer: LogFooter = {
    type: 'footer',
    status,
    completedAt: new Date(now()).toISOString(),
    results: {
      plannedSamples: planned,
      completedSamples: completed,
      erroredSamples: errored,
      scorers: scorers.map((entry) => ({
        ...entry,
        metrics: Object.fromEntries(
          Object.entries(entry.metrics).map(([name, metric]) => [
            name,
            {
              ...metric,
              ci95:
                metric.ci95 === null
                  ? null
                  : ([metric.ci95[0], metric.ci95[1]] as [number, number]),
            },
          ]),
        ),
      })),
    },
    usage,
    durationMs: now() - started,
    ...(error === undefined ? {} : { error }),
  };
  await sink.close(footer);
  await model.close?.();
  return {
    status,
    location: sink.location,
    plannedSamples: planned,
    completedSamples: completed,
    erroredSamples: errored,
    scorers,
    usage,
    ...(error === undefined ? {} : { error }),
  };
}
