import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { migrateToLatest } from '../migrate.js';
import { repositories } from '../repositories/repositories.js';
import type { Store } from '../store.js';
import { migrationProvider } from './index.js';

/** Brings an empty store up to (and including) `name`, as an older build would have left it. */
async function migrateTo(store: Store, name: string): Promise<void> {
  const { error } = await new Migrator({
    db: store.db,
    provider: migrationProvider,
    migrationTableSchema: store.schema,
  }).migrateTo(name);
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('the migration failed', { cause: error });
}

/** Runs statements written against an older schema. */
async function execute(store: Store, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(store.db);
}

describeEachBackend('forward migrations', (backend) => {
  it('0005 gives a submission stored before it the marking a new one starts with', async () => {
    const store = await backend.open({ migrate: false });
    await migrateTo(store, '0004-jobs');
    await execute(store, [
      `insert into organisations (id, kind, name, created_at)
         values ('org.acme-labs', 'developer', 'Acme Labs', now())`,
      `insert into models (id, developer_organisation_id, name, in_development, created_at)
         values ('model-1', 'org.acme-labs', 'Frontier', false, now())`,
      `insert into submissions (id, developer_organisation_id, model_id, state, event_count,
           drafted_at, last_event_at)
         values ('sub-1', 'org.acme-labs', 'model-1', 'draft', 1, now(), now())`,
    ]);

    await migrateToLatest(store);

    const row = await store.db
      .selectFrom('submissions')
      .select('marking')
      .where('id', '=', 'sub-1')
      .executeTakeFirstOrThrow();
    expect(row.marking).toEqual({
      level: 'CUI',
      compartments: ['DEV-ACME-LABS'],
      controls: ['PROPRIETARY', 'REL-DEVELOPER'],
      ownerId: 'org.acme-labs',
    });
    const missing = await rejection(() =>
      sql`update submissions set marking = null`.execute(store.db),
    );
    expect(missing).toMatchObject({ sqlState: '23502' });
  });

  it('0006 gives users stored before it a sign-in name and their authenticator state, and grants a model', async () => {
    const store = await backend.open({ migrate: false });
    await migrateTo(store, '0005-submission-markings');
    await execute(store, [
      `insert into organisations (id, kind, name, created_at)
         values ('org.acme', 'developer', 'Acme', now())`,
      `insert into users (id, organisation_id, display_name, role, password_hash, totp_enabled,
           created_at)
         values ('User.Admin_1', 'org.acme', 'Admin', 'developer_admin', '$argon2id$x', true, now()),
           ('worker', 'org.acme', 'Worker', 'developer_member', null, false, now())`,
      `insert into models (id, developer_organisation_id, name, in_development, created_at)
         values ('model-1', 'org.acme', 'Frontier', false, now())`,
      `insert into submissions (id, developer_organisation_id, model_id, state, event_count,
           drafted_at, last_event_at, marking)
         values ('sub-1', 'org.acme', 'model-1', 'submitted', 2, now(), now(), '{}')`,
      `insert into access_grants (id, submission_id, endpoint, granted_by, granted_at)
         values ('grant-1', 'sub-1', 'https://m.example/v1', 'User.Admin_1', now())`,
    ]);

    await migrateToLatest(store);

    const users = await sql<{
      id: string;
      username: string;
      must_change_password: boolean;
      totp_status: string;
    }>`select id, username, must_change_password, totp_status from users order by id`.execute(
      store.db,
    );
    expect(users.rows).toEqual([
      {
        id: 'User.Admin_1',
        username: 'user.admin_1',
        must_change_password: false,
        totp_status: 'enrolled',
      },
      { id: 'worker', username: 'worker', must_change_password: false, totp_status: 'none' },
    ]);
    const grant = await store.db
      .selectFrom('access_grants')
      .select(['model', 'endpoint'])
      .executeTakeFirstOrThrow();
    expect(grant).toEqual({ model: 'unknown/unknown', endpoint: 'https://m.example/v1' });
  });

  it('0007 leaves a session stored before it full only if its second factor was checked', async () => {
    const store = await backend.open({ migrate: false });
    await migrateTo(store, '0006-sign-in-and-access-grants');
    await execute(store, [
      `insert into organisations (id, kind, name, created_at)
         values ('org.acme', 'developer', 'Acme', now())`,
      `insert into users (id, organisation_id, display_name, role, username, created_at)
         values ('user-1', 'org.acme', 'Admin', 'developer_admin', 'admin', now())`,
      `insert into sessions (id_hash, user_id, created_at, expires_at, last_seen_at,
           second_factor_at, source)
         values ('checked', 'user-1', now(), now() + interval '1 hour', now(), now(), 'test'),
           ('unchecked', 'user-1', now(), now() + interval '1 hour', now(), null, 'test')`,
    ]);

    await migrateToLatest(store);

    const rows = await store.db
      .selectFrom('sessions')
      .select(['id_hash', 'stage'])
      .orderBy('id_hash')
      .execute();
    expect(rows).toEqual([
      { id_hash: 'checked', stage: 'full' },
      { id_hash: 'unchecked', stage: 'setup' },
    ]);
  });

  it('0008 leaves a run stored before it readable, with no provenance', async () => {
    const store = await backend.open({ migrate: false });
    await migrateTo(store, '0007-session-stage');
    await execute(store, [
      `insert into organisations (id, kind, name, created_at)
         values ('org.acme', 'developer', 'Acme', now())`,
      `insert into models (id, developer_organisation_id, name, in_development, created_at)
         values ('model-1', 'org.acme', 'Frontier', false, '2026-07-01T12:00:00Z')`,
      `insert into runs (id, model_id, suite, log_path, status, metrics, queued_at)
         values ('run-1', 'model-1', 'cyber.knowledge', 'run-1.jsonl', 'queued', '{}',
           '2026-07-01T12:00:00Z')`,
    ]);

    await migrateToLatest(store);

    expect(await repositories(store.db).runs.record('run-1')).toEqual({
      run: {
        id: 'run-1',
        modelId: 'model-1',
        suite: 'cyber.knowledge',
        logPath: 'run-1.jsonl',
        status: 'queued',
        metrics: {},
        queuedAt: '2026-07-01T12:00:00.000Z',
      },
    });
  });

  it('0009 drops the tables the service kept its records in, and does nothing where there are none', async () => {
    const store = await backend.open({ migrate: false });
    await migrateTo(store, '0008-run-provenance');
    // As the service's own migrations left them.
    await execute(store, [
      `create table server_migrations (name text primary key, applied_at timestamptz not null)`,
      `insert into server_migrations values ('0001-documents-and-events', now())`,
      `create table server_documents (kind text not null, id text not null,
         scope text not null default '', body text not null, updated_at timestamptz not null,
         primary key (kind, id))`,
      `insert into server_documents values ('organisation', 'org.acme', 'developer', '{}', now())`,
      `create table server_submission_events (submission_id text not null, seq integer not null,
         body text not null, recorded_at timestamptz not null, primary key (submission_id, seq))`,
      `create function server_refuse_change() returns trigger language plpgsql as $$
       begin
         raise exception '% on % refused', tg_op, tg_table_name using errcode = 'VG001';
       end $$`,
      `create trigger server_submission_events_append_only
         before update or delete on server_submission_events
         for each row execute function server_refuse_change()`,
      `insert into server_submission_events values ('sub-1', 1, '{}', now())`,
    ]);
    const leftovers = async (each: Store) =>
      (
        await sql<{ name: string }>`
          select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_name like 'server%'
          union all
          select routine_name from information_schema.routines
          where routine_schema = current_schema() and routine_name like 'server%'`.execute(each.db)
      ).rows;

    expect((await leftovers(store)).map((row) => row.name).sort()).toEqual([
      'server_documents',
      'server_migrations',
      'server_refuse_change',
      'server_submission_events',
    ]);
    await migrateToLatest(store);
    expect(await leftovers(store)).toEqual([]);

    await store.close();
    const empty = await backend.open({ migrate: false });
    await migrateTo(empty, '0008-run-provenance');
    await migrateToLatest(empty);
    expect(await leftovers(empty)).toEqual([]);
  });
});
