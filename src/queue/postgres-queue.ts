import { randomUUID } from 'node:crypto';
import type { Selectable, Updateable } from 'kysely';
import type { Store } from '../store/store.js';
import { JobError } from './errors/job-error.js';
import type { EnqueueRequest, JobRecord, JobStatus, JsonValue } from './job.js';
import { jobKindSchema } from './job.js';
import type { JobQueue } from './job-queue.js';
import type { JobsTable } from '../store/schema/programme-tables.js';
import { Wakeups } from './wakeups.js';

function toRecord(row: Selectable<JobsTable>): JobRecord {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload as JsonValue,
    status: row.status as JobStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    enqueuedAt: row.enqueued_at.toISOString(),
    runAfter: row.run_after.toISOString(),
    ...(row.claimed_by === null ? {} : { claimedBy: row.claimed_by }),
    ...(row.lease_until === null ? {} : { leaseUntil: row.lease_until.toISOString() }),
    ...(row.finished_at === null ? {} : { finishedAt: row.finished_at.toISOString() }),
    ...(row.result === null ? {} : { result: row.result as JsonValue }),
    ...(row.error === null ? {} : { error: row.error }),
  };
}

export interface PostgresQueueOptions {
  readonly now?: () => Date;
  /** A retried job waits this long per attempt made (default 1 s). */
  readonly retryDelayMs?: number;
}

/**
 * The job queue in the store's database, for workers on many hosts: a claim takes the oldest
 * ready row with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers never take the same
 * job and never wait on each other. A claim whose lease runs out (its worker died) is claimed
 * again. Its table, `jobs`, comes with the store's migrations.
 */
export function createPostgresQueue(store: Store, options: PostgresQueueOptions = {}): JobQueue {
  const now = options.now ?? (() => new Date());
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const db = () => store.db;
  const wakeups = new Wakeups();

  const settle = async (
    jobId: string,
    workerId: string,
    changes: Updateable<JobsTable>,
  ): Promise<JobRecord> => {
    const row = await db()
      .updateTable('jobs')
      .set({ ...changes, claimed_by: null, lease_until: null })
      .where('id', '=', jobId)
      .where('claimed_by', '=', workerId)
      .where('status', '=', 'running')
      .returningAll()
      .executeTakeFirst();
    if (row === undefined) {
      const exists = await db()
        .selectFrom('jobs')
        .select('id')
        .where('id', '=', jobId)
        .executeTakeFirst();
      throw exists === undefined
        ? new JobError('not_found', `there is no job ${jobId}`)
        : new JobError('not_held', `worker ${workerId} does not hold job ${jobId}`, {
            hint: 'its lease may have run out and another worker taken it',
          });
    }
    return toRecord(row);
  };

  return {
    enqueue: async (request: EnqueueRequest) => {
      if (!jobKindSchema.safeParse(request.kind).success) {
        throw new JobError('invalid_request', `"${request.kind}" is not a job kind`, {
          hint: 'use lower case, digits, "." and "-"',
        });
      }
      const at = now();
      const row = await db()
        .insertInto('jobs')
        .values({
          id: `job-${randomUUID()}`,
          kind: request.kind,
          payload: JSON.stringify(request.payload),
          status: 'queued',
          attempts: 0,
          max_attempts: request.maxAttempts ?? 3,
          run_after: at,
          enqueued_at: at,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      wakeups.wakeAll();
      return toRecord(row);
    },
    claim: async (workerId, kinds, leaseMs) => {
      if (kinds.length === 0) return undefined;
      const at = now();
      return store.transaction(async (tx) => {
        const candidate = await tx
          .selectFrom('jobs')
          .select('id')
          .where('kind', 'in', kinds)
          .where((eb) =>
            eb.or([
              eb.and([eb('status', '=', 'queued'), eb('run_after', '<=', at)]),
              eb.and([eb('status', '=', 'running'), eb('lease_until', '<=', at)]),
            ]),
          )
          .orderBy('enqueued_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (candidate === undefined) return undefined;
        const row = await tx
          .updateTable('jobs')
          .set((eb) => ({
            status: 'running',
            attempts: eb('attempts', '+', 1),
            claimed_by: workerId,
            lease_until: new Date(at.getTime() + leaseMs),
          }))
          .where('id', '=', candidate.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRecord(row);
      });
    },
    heartbeat: async (jobId, workerId, leaseMs) => {
      const result = await db()
        .updateTable('jobs')
        .set({ lease_until: new Date(now().getTime() + leaseMs) })
        .where('id', '=', jobId)
        .where('claimed_by', '=', workerId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    complete: (jobId, workerId, result) =>
      settle(jobId, workerId, {
        status: 'succeeded',
        finished_at: now(),
        ...(result === undefined ? {} : { result: JSON.stringify(result) }),
      }),
    fail: async (jobId, workerId, failure) => {
      const job = await db()
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', jobId)
        .executeTakeFirst();
      const retry = job !== undefined && failure.retryable && job.attempts < job.max_attempts;
      const at = now();
      const settled = await settle(
        jobId,
        workerId,
        retry
          ? {
              status: 'queued',
              error: failure.message,
              run_after: new Date(at.getTime() + retryDelayMs * job.attempts),
            }
          : { status: 'failed', error: failure.message, finished_at: at },
      );
      if (retry) wakeups.wakeAll();
      return settled;
    },
    status: async (jobId) => {
      const row = await db()
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', jobId)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    waitForWork: (ms, signal) => wakeups.wait(ms, signal),
  };
}
