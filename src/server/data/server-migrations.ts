import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { Migrator, sql } from 'kysely';
import { MigrationError } from '../../store/errors/migration-error.js';
import type { Store } from '../../store/store.js';

async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  // One statement per query: PGlite's extended protocol takes no more.
  for (const statement of statements) await sql.raw(statement).execute(db);
}

const documentsAndEvents: Migration = {
  up: (db) =>
    run(db, [
      `create table server_documents (
        kind text not null,
        id text not null,
        scope text not null default '',
        body text not null,
        updated_at timestamptz not null,
        primary key (kind, id)
      )`,
      `create index server_documents_scope on server_documents (kind, scope)`,
      `create table server_submission_events (
        submission_id text not null,
        seq integer not null check (seq >= 1),
        body text not null,
        recorded_at timestamptz not null,
        primary key (submission_id, seq)
      )`,
      `create function server_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception '% on % refused: the table is append-only', tg_op, tg_table_name
          using errcode = 'VG001';
      end $$`,
      `create trigger server_submission_events_append_only
        before update or delete on server_submission_events
        for each row execute function server_refuse_change()`,
      `create trigger server_submission_events_no_truncate
        before truncate on server_submission_events
        for each statement execute function server_refuse_change()`,
      `create table server_jobs (
        id text primary key,
        kind text not null,
        payload text not null,
        status text not null check (status in ('queued', 'running', 'succeeded', 'failed')),
        attempts integer not null default 0,
        max_attempts integer not null,
        run_after timestamptz not null,
        claimed_by text,
        claimed_at timestamptz,
        lease_until timestamptz,
        result text,
        error text,
        enqueued_at timestamptz not null,
        finished_at timestamptz
      )`,
      `create index server_jobs_ready on server_jobs (status, run_after)`,
    ]),
};

/** The service's migrations, by name, in order. */
const serverMigrations: Readonly<Record<string, Migration>> = {
  '0001-documents-events-jobs': documentsAndEvents,
};

const provider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...serverMigrations }),
};

/**
 * Applies the service's own migrations, kept in their own bookkeeping tables so they never
 * interleave with the store's. Run after the store's migrations. Throws the first failure.
 */
export async function migrateServerTables(store: Store): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'server_migration',
    migrationLockTableName: 'server_migration_lock',
    migrationTableSchema: store.schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error === undefined) return;
  const failed = results.find((result) => result.status === 'Error')?.migrationName;
  throw new MigrationError(
    `the service's migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
    {
      ...(failed === undefined ? {} : { migration: failed }),
      hint: 'fix the cause above and start the service again; nothing of this run was kept',
      cause: error,
    },
  );
}
