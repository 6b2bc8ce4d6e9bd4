import type { EnqueueRequest, JobFailure, JobRecord } from './job.js';

/**
 * The job-queue port. High level, like the queues workers use elsewhere: enqueue, claim a job
 * under a lease, complete or fail it, read its status. Each adapter owns its connection.
 * A claimed job whose lease runs out (its worker died) can be claimed again.
 */
export interface JobQueue {
  /** Adds a job; it can be claimed at once. */
  enqueue(request: EnqueueRequest): Promise<JobRecord>;
  /**
   * Claims the oldest ready job of one of `kinds` for `workerId`, leased for `leaseMs`; undefined
   * when none is ready. Two workers never hold the same job at once.
   */
  claim(
    workerId: string,
    kinds: readonly string[],
    leaseMs: number,
  ): Promise<JobRecord | undefined>;
  /** Extends the lease of a job this worker holds; false when it no longer holds it. */
  heartbeat(jobId: string, workerId: string, leaseMs: number): Promise<boolean>;
  /** Marks a held job succeeded with its result. */
  complete(jobId: string, workerId: string, result: JobRecord['result']): Promise<JobRecord>;
  /** Marks a held job failed; it is queued again when retryable and attempts remain. */
  fail(jobId: string, workerId: string, failure: JobFailure): Promise<JobRecord>;
  /** A job by id. */
  status(jobId: string): Promise<JobRecord | undefined>;
  /** Resolves when a job may have become ready (a hint for idle workers), or after `ms`. */
  waitForWork(ms: number, signal?: AbortSignal): Promise<void>;
}
