import { VigilError } from '../core/errors/vigil-error.js';
import { UnrecoverableJobError } from './errors/unrecoverable-job-error.js';
import type { JobRecord, JsonValue } from './job.js';
import type { JobQueue } from './job-queue.js';

/** Runs one kind of job; returns its result, or throws (UnrecoverableJobError: no retry). */
export type JobHandler = (job: JobRecord, signal: AbortSignal) => Promise<JsonValue>;

export interface JobRunnerOptions {
  readonly queue: JobQueue;
  readonly workerId: string;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Jobs run at once (default 1). */
  readonly concurrency?: number;
  /** How long a claim lasts without a heartbeat (default 60 s; renewed every third of it). */
  readonly leaseMs?: number;
  /** How long an idle worker waits before asking again (default 2 s). */
  readonly idleMs?: number;
  /** Told about each job that ended, for logs. Never given secrets: only ids and messages. */
  readonly onJobEnd?: (job: JobRecord) => void;
}

/** A running worker: stop it to finish the jobs in hand and claim no more. */
export interface JobRunner {
  stop(): Promise<void>;
  /** Resolves once no job is running and none is ready (for tests and the demo). */
  idle(): Promise<void>;
}

function failureMessage(error: unknown): string {
  if (error instanceof VigilError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

/** Starts `concurrency` loops that claim, run and settle jobs until stopped. */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { queue, workerId, handlers } = options;
  const kinds = Object.keys(handlers);
  const leaseMs = options.leaseMs ?? 60_000;
  const idleMs = options.idleMs ?? 2000;
  const stopping = new AbortController();
  let running = 0;
  let idleWaiters: (() => void)[] = [];

  const runOne = async (job: JobRecord): Promise<void> => {
    const handler = handlers[job.kind];
    const heartbeat = setInterval(() => {
      void queue.heartbeat(job.id, workerId, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    let settled: JobRecord;
    try {
      if (handler === undefined) throw new UnrecoverableJobError(`no handler for ${job.kind}`);
      const result = await handler(job, stopping.signal);
      settled = await queue.complete(job.id, workerId, result);
    } catch (error) {
      settled = await queue.fail(job.id, workerId, {
        message: failureMessage(error),
        retryable: !(error instanceof UnrecoverableJobError) && !stopping.signal.aborted,
      });
    } finally {
      clearInterval(heartbeat);
    }
    options.onJobEnd?.(settled);
  };

  const loop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      let job: JobRecord | undefined;
      try {
        job = await queue.claim(workerId, kinds, leaseMs);
      } catch {
        job = undefined;
      }
      if (job === undefined) {
        if (running === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const wake of waiters) wake();
        }
        await queue.waitForWork(idleMs, stopping.signal);
        continue;
      }
      running += 1;
      try {
        await runOne(job);
      } catch {
        // The queue refused to settle (the lease was lost): another worker has the job.
      } finally {
        running -= 1;
      }
    }
  };

  const loops = Array.from({ length: options.concurrency ?? 1 }, () => loop());
  return {
    stop: async () => {
      stopping.abort();
      await Promise.all(loops);
    },
    idle: () =>
      new Promise((resolve) => {
        idleWaiters.push(resolve);
      }),
  };
}
