import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/store-backends.js';
import { migrateToLatest, schemaVersion } from './migrate.js';
import { latestSchemaVersion, migrations } from './migrations/index.js';

const allMigrations = Object.keys(migrations).sort();

describeEachBackend('migrations', (backend) => {
  it('start from an empty database, report every migration pending, then apply them all', async () => {
    const store = await backend.open({ migrate: false });
    expect(await schemaVersion(store)).toEqual({
      current: undefined,
      latest: latestSchemaVersion,
      pending: allMigrations,
    });

    const report = await migrateToLatest(store);

    expect(report).toEqual({ applied: allMigrations, schemaVersion: latestSchemaVersion });
    expect(await schemaVersion(store)).toEqual({
      current: latestSchemaVersion,
      latest: latestSchemaVersion,
      pending: [],
    });
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() order by table_name`.execute(store.db);
    expect(tables.rows.map((row) => row.name)).toEqual(
      expect.arrayContaining(['audit_records', 'audit_head', 'sealed_values', 'sealed_keys']),
    );
  });

  it('do nothing when run again, also after the store is reopened', async () => {
    const store = await backend.open();
    expect(await migrateToLatest(store)).toEqual({
      applied: [],
      schemaVersion: latestSchemaVersion,
    });
    const reopened = await backend.reopen(store);
    expect(await migrateToLatest(reopened)).toEqual({
      applied: [],
      schemaVersion: latestSchemaVersion,
    });
    expect((await schemaVersion(reopened)).current).toBe(latestSchemaVersion);
  });
});
