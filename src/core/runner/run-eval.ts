import type { LogFooter, RunStatus, SampleRecord } from '../log/log-schema.js';
import { parseReducer } from '../metrics/reducer.js';
import { addUsage, zeroUsage } from '../model/model-output.js';
import type { Sample } from '../task/sample.js';
import { AdaptiveLimiter } from './adaptive-limiter.js';
import { errorInfo } from './error-info.js';
import { defaultRetryPolicy } from './retry-policy.js';
import { runHeader } from './run-header.js';
import type { RunOptions, RunResult } from './run-options.js';
import { runSample, SampleCancelled } from './run-sample.js';
import { sampleSeed } from './sample-seed.js';
import { ScoreTally } from './score-tally.js';

export type { ResumeFrom, RunOptions, RunResult } from './run-options.js';

class ErrorThresholdExceeded extends Error {
  override readonly name = 'ErrorThresholdExceeded';
}

function errorThreshold(failOnError: number, planned: number): number {
  return failOnError < 1 ? Math.floor(failOnError * planned) : failOnError;
}

function sampleKey(id: string, epoch: number): string {
  return `${id}\u0000${String(epoch)}`;
}

/**
 * Runs a task against a model: every sample for every epoch, at most `maxSamples` at once, in
 * a fixed order (sample by sample, epochs together). Records are written as they finish. When
 * resuming, the previous log's finished samples are copied first and not run again.
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
  const connections = new AdaptiveLimiter(options.maxConnections);
  const retry = options.retry ?? defaultRetryPolicy;
  const threshold = errorThreshold(options.failOnError, planned);

  await sink.open(runHeader(options, epochs, samples.length, started));

  let completed = 0;
  let errored = 0;
  let usage = zeroUsage;
  let failure: unknown;
  const count = (record: SampleRecord) => {
    completed += 1;
    usage = addUsage(usage, record.usage);
    if (record.error !== undefined) errored += 1;
    tally.add(record);
  };

  const done = new Set<string>();
  if (options.resume !== undefined) {
    const wanted = new Set(samples.map((sample) => sample.id));
    for await (const record of options.resume.records()) {
      const key = sampleKey(record.id, record.epoch);
      const keep = wanted.has(record.id) && record.epoch <= epochs && !done.has(key);
      if (!keep || (options.resume.retryErrors && record.error !== undefined)) continue;
      done.add(key);
      await sink.writeSample(record);
      count(record);
    }
  }
  const copied = completed;

  let next = 0;
  const worker = async (): Promise<void> => {
    while (!runSignal.aborted && next < planned) {
      const index = next;
      next += 1;
      const sample = samples[Math.floor(index / epochs)];
      if (sample === undefined) return;
      const epoch = (index % epochs) + 1;
      if (done.has(sampleKey(sample.id, epoch))) continue;
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
          retry,
          config,
          runSignal,
          now,
          ...(options.sandboxes === undefined ? {} : { sandboxes: options.sandboxes }),
        });
        await sink.writeSample(record);
      } catch (error) {
        if (error instanceof SampleCancelled) return;
        failure ??= error; // an endpoint that refuses every call, or a log that cannot be written
        stop.abort(error);
        return;
      }
      count(record);
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

  const thresholdError =
    stop.signal.reason instanceof ErrorThresholdExceeded ? stop.signal.reason : undefined;
  const problem = failure ?? thresholdError;
  const status: RunStatus =
    problem !== undefined ? 'error' : options.signal?.aborted === true ? 'cancelled' : 'success';
  const error = problem === undefined ? undefined : errorInfo(problem);
  const scorers = tally.summarize(task.reducer);
  const footer: LogFooter = {
    type: 'footer',
    status,
    completedAt: new Date(now()).toISOString(),
    results: {
      plannedSamples: planned,
      completedSamples: completed,
      erroredSamples: errored,
      scorers,
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
    copiedSamples: copied,
    scorers,
    usage,
    ...(error === undefined ? {} : { error }),
  };
}
