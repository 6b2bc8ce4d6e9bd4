import { Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { migrateToLatest } from '../migrate.js';
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
});
