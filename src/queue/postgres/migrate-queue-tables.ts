import type { Store } from '../../store/store.js';
import { applyMigrations } from './apply-migrations.js';

/** Creates the queue's table. Safe to run again. */
export async function migrateQueueTables(store: Store): Promise<void> {
  await applyMigrations(store, 'queue', [
    {
      name: '0001-queue-jobs',
      statements: [
        `create table queue_jobs (
          id text primary key,
          kind text not null,
          payload text not null,
          status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
          attempts integer not null default 0 check (attempts >= 0),
          max_attempts integer not null check (max_attempts >= 1),
          run_after timestamptz not null,
          claimed_by text,
          lease_until timestamptz,
          result text,
          error text,
          enqueued_at timestamptz not null,
          finished_at timestamptz
        )`,
        `create index queue_jobs_ready on queue_jobs (kind, status, run_after)`,
      ],
    },
  ]);
}
