import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Jobs for the PostgreSQL-backed queue: workers claim a ready job with
 * `select ... for update skip locked` and hold it under a lease they renew.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table jobs (
      id text primary key,
      kind text not null,
      payload jsonb not null,
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
      attempts integer not null default 0 check (attempts >= 0),
      max_attempts integer not null check (max_attempts >= 1),
      run_after timestamptz not null,
      claimed_by text,
      lease_until timestamptz,
      result jsonb,
      error text,
      enqueued_at timestamptz not null,
      finished_at timestamptz
    )`,
    `create index jobs_ready on jobs (run_after) where status = 'queued'`,
    `create index jobs_leases on jobs (lease_until) where status = 'running'`,
  ]);
}
