import { applyMigrations } from './apply-migrations.js';
import type { Store } from '../../store/store.js';

/**
 * Applies the service's own migrations (documents and submission events), recorded apart from
 * the store's. Run after the store's migrations. Throws MigrationError on failure.
 */
export async function migrateServerTables(store: Store): Promise<void> {
  await applyMigrations(store, 'server', [
    {
      name: '0001-documents-and-events',
      statements: [
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
      ],
    },
  ]);
}
