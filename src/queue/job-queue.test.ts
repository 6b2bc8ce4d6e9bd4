import { describe, expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/store-backends.js';
import { JobError } from './errors/job-error.js';
import { UnrecoverableJobError } from './errors/unrecoverable-job-error.js';
import { createInProcessQueue } from './in-process-queue.js';
import type { JobQueue } from './job-queue.js';
import { startJobRunner } from './job-runner.js';
import { createPostgresQueue } from './postgres-queue.js';

/** A clock the test moves. */
function clock(start = '2026-07-01T00:00:00.000Z') {
  let ms = Date.parse(start);
  return { now: () => new Date(ms), advance: (by: number) => (ms += by) };
}

/** The contract every queue adapter keeps. */
function conformance(open: (now: () => Date) => Promise<JobQueue>): void {
  it('hands a job to one worker at a time, oldest first, and records its result', async () => {
    const time = clock();
    const queue = await open(time.now);
    const first = await queue.enqueue({ kind: 'demo', payload: { n: 1 } });
    time.advance(1);
    await queue.enqueue({ kind: 'demo', payload: { n: 2 } });
    const claimed = await queue.claim('w1', ['demo'], 60_000);
    expect(claimed?.id).toBe(first.id);
    expect(claimed?.status).toBe('running');
    expect(claimed?.attempts).toBe(1);
    const second = await queue.claim('w2', ['demo'], 60_000);
    expect(second?.payload).toEqual({ n: 2 });
    expect(await queue.claim('w3', ['demo'], 60_000)).toBeUndefined();
    const done = await queue.complete(first.id, 'w1', { ok: true });
    expect(done.status).toBe('succeeded');
    expect((await queue.status(first.id))?.result).toEqual({ ok: true });
  });

  it('claims only the kinds asked for', async () => {
    const queue = await open(clock().now);
    await queue.enqueue({ kind: 'other', payload: null });
    expect(await queue.claim('w1', ['demo'], 1000)).toBeUndefined();
    expect(await queue.claim('w1', [], 1000)).toBeUndefined();
  });

  it('retries a retryable failure after a delay, then fails for good', async () => {
    const time = clock();
    const queue = await open(time.now);
    const job = await queue.enqueue({ kind: 'demo', payload: null, maxAttempts: 2 });
    await queue.claim('w1', ['demo'], 1000);
    const retried = await queue.fail(job.id, 'w1', { message: 'flaky', retryable: true });
    expect(retried.status).toBe('queued');
    expect(await queue.claim('w1', ['demo'], 1000)).toBeUndefined();
    time.advance(5000);
    expect((await queue.claim('w1', ['demo'], 1000))?.attempts).toBe(2);
    const failed = await queue.fail(job.id, 'w1', { message: 'flaky again', retryable: true });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('flaky again');
  });

  it('fails an unretryable failure at once', async () => {
    const queue = await open(clock().now);
    const job = await queue.enqueue({ kind: 'demo', payload: null });
    await queue.claim('w1', ['demo'], 1000);
    expect((await queue.fail(job.id, 'w1', { message: 'no', retryable: false })).status).toBe(
      'failed',
    );
  });

  it('gives a job whose lease ran out to another worker, and refuses the first one’s result', async () => {
    const time = clock();
    const queue = await open(time.now);
    const job = await queue.enqueue({ kind: 'demo', payload: null });
    await queue.claim('w1', ['demo'], 1000);
    expect(await queue.claim('w2', ['demo'], 1000)).toBeUndefined();
    time.advance(1001);
    expect((await queue.claim('w2', ['demo'], 1000))?.claimedBy).toBe('w2');
    await expect(queue.complete(job.id, 'w1', null)).rejects.toBeInstanceOf(JobError);
    expect(await queue.heartbeat(job.id, 'w1', 1000)).toBe(false);
    expect(await queue.heartbeat(job.id, 'w2', 1000)).toBe(true);
  });

  it('refuses a bad kind and an unknown job', async () => {
    const queue = await open(clock().now);
    await expect(queue.enqueue({ kind: 'Bad Kind', payload: null })).rejects.toBeInstanceOf(
      JobError,
    );
    await expect(
      queue.complete('job-00000000-0000-0000-0000-000000000000', 'w', null),
    ).rejects.toBeInstanceOf(JobError);
    expect(await queue.status('job-missing')).toBeUndefined();
  });

  it('runs jobs through a runner: results, retries and unrecoverable failures', async () => {
    const queue = await open(() => new Date());
    let flakyCalls = 0;
    const runner = startJobRunner({
      queue,
      workerId: 'runner-1',
      idleMs: 20,
      handlers: {
        double: (job) => Promise.resolve({ doubled: (job.payload as { n: number }).n * 2 }),
        flaky: () => {
          flakyCalls += 1;
          return flakyCalls === 1 ? Promise.reject(new Error('once')) : Promise.resolve('ok');
        },
        doomed: () => Promise.reject(new UnrecoverableJobError('every attempt would fail')),
      },
    });
    const double = await queue.enqueue({ kind: 'double', payload: { n: 21 } });
    const flaky = await queue.enqueue({ kind: 'flaky', payload: null });
    const doomed = await queue.enqueue({ kind: 'doomed', payload: null, maxAttempts: 5 });
    const settled = async (id: string) => {
      for (let tries = 0; tries < 200; tries += 1) {
        const job = await queue.status(id);
        if (job?.status === 'succeeded' || job?.status === 'failed') return job;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`job ${id} did not settle`);
    };
    expect((await settled(double.id)).result).toEqual({ doubled: 42 });
    const flakyJob = await settled(flaky.id);
    expect(flakyJob.status).toBe('succeeded');
    expect(flakyJob.attempts).toBe(2);
    const doomedJob = await settled(doomed.id);
    expect(doomedJob.status).toBe('failed');
    expect(doomedJob.attempts).toBe(1);
    await runner.stop();
  });
}

describe('in-process queue', () => {
  conformance((now) => Promise.resolve(createInProcessQueue({ now, retryDelayMs: 10 })));
});

describeEachBackend('PostgreSQL-backed queue', (backend) => {
  conformance(async (now) => {
    const store = await backend.open();
    return createPostgresQueue(store, { now, retryDelayMs: 10 });
  });

  it('never gives one job to two workers claiming at once', async () => {
    const store = await backend.open();
    const peers = await backend.peers(store, 4);
    const queues = peers.map((peer) => createPostgresQueue(peer));
    for (let index = 0; index < 20; index += 1) {
      await queues[0]!.enqueue({ kind: 'demo', payload: index });
    }
    const claimed = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        queues[index % queues.length]!.claim(`w${index}`, ['demo'], 60_000),
      ),
    );
    const ids = claimed.flatMap((job) => (job === undefined ? [] : [job.id]));
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });
});
