import { randomUUID } from 'node:crypto';
import { JobError } from './errors/job-error.js';
import type { EnqueueRequest, JobFailure, JobRecord } from './job.js';
import { jobKindSchema } from './job.js';
import type { JobQueue } from './job-queue.js';
import { Wakeups } from './wakeups.js';

export interface InProcessQueueOptions {
  readonly now?: () => Date;
  /** A retried job waits this long per attempt made (default 1 s). */
  readonly retryDelayMs?: number;
}

/**
 * The in-process queue: jobs in memory, for one machine. Jobs do not survive a restart (a
 * submission's run records say which were lost); for many hosts, use the PostgreSQL queue.
 */
export function createInProcessQueue(options: InProcessQueueOptions = {}): JobQueue {
  const now = options.now ?? (() => new Date());
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const jobs = new Map<string, JobRecord>();
  const wakeups = new Wakeups();

  const held = (jobId: string, workerId: string): JobRecord => {
    const job = jobs.get(jobId);
    if (job === undefined) throw new JobError('not_found', `there is no job ${jobId}`);
    if (job.status !== 'running' || job.claimedBy !== workerId) {
      throw new JobError('not_held', `worker ${workerId} does not hold job ${jobId}`, {
        hint: 'its lease may have run out and another worker taken it',
      });
    }
    return job;
  };
  /** The job without its claim. */
  const release = (job: JobRecord): Omit<JobRecord, 'claimedBy' | 'leaseUntil'> => {
    return Object.fromEntries(
      Object.entries(job).filter(([key]) => key !== 'claimedBy' && key !== 'leaseUntil'),
    ) as Omit<JobRecord, 'claimedBy' | 'leaseUntil'>;
  };

  return {
    enqueue: (request: EnqueueRequest) => {
      if (!jobKindSchema.safeParse(request.kind).success) {
        return Promise.reject(
          new JobError('invalid_request', `"${request.kind}" is not a job kind`, {
            hint: 'use lower case, digits, "." and "-"',
          }),
        );
      }
      const at = now().toISOString();
      const job: JobRecord = {
        id: `job-${randomUUID()}`,
        kind: request.kind,
        payload: request.payload,
        status: 'queued',
        attempts: 0,
        maxAttempts: request.maxAttempts ?? 3,
        enqueuedAt: at,
        runAfter: at,
      };
      jobs.set(job.id, job);
      wakeups.wakeAll();
      return Promise.resolve(job);
    },
    claim: (workerId, kinds, leaseMs) => {
      const nowMs = now().getTime();
      for (const job of jobs.values()) {
        const expired =
          job.status === 'running' &&
          job.leaseUntil !== undefined &&
          Date.parse(job.leaseUntil) <= nowMs;
        const ready = job.status === 'queued' && Date.parse(job.runAfter) <= nowMs;
        if (!kinds.includes(job.kind) || !(ready || expired)) continue;
        const claimed: JobRecord = {
          ...job,
          status: 'running',
          attempts: job.attempts + 1,
          claimedBy: workerId,
          leaseUntil: new Date(nowMs + leaseMs).toISOString(),
        };
        jobs.set(job.id, claimed);
        return Promise.resolve(claimed);
      }
      return Promise.resolve(undefined);
    },
    heartbeat: (jobId, workerId, leaseMs) => {
      const job = jobs.get(jobId);
      if (job?.status !== 'running' || job.claimedBy !== workerId) return Promise.resolve(false);
      jobs.set(jobId, { ...job, leaseUntil: new Date(now().getTime() + leaseMs).toISOString() });
      return Promise.resolve(true);
    },
    complete: (jobId, workerId, result) => {
      try {
        const job = held(jobId, workerId);
        const done: JobRecord = {
          ...release(job),
          status: 'succeeded',
          finishedAt: now().toISOString(),
          ...(result === undefined ? {} : { result }),
        };
        jobs.set(jobId, done);
        return Promise.resolve(done);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    fail: (jobId, workerId, failure: JobFailure) => {
      try {
        const job = held(jobId, workerId);
        const retry = failure.retryable && job.attempts < job.maxAttempts;
        const at = now();
        const next: JobRecord = retry
          ? {
              ...release(job),
              status: 'queued',
              error: failure.message,
              runAfter: new Date(at.getTime() + retryDelayMs * job.attempts).toISOString(),
            }
          : {
              ...release(job),
              status: 'failed',
              error: failure.message,
              finishedAt: at.toISOString(),
            };
        jobs.set(jobId, next);
        if (retry) wakeups.wakeAll();
        return Promise.resolve(next);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    status: (jobId) => Promise.resolve(jobs.get(jobId)),
    waitForWork: (ms, signal) => wakeups.wait(ms, signal),
  };
}
