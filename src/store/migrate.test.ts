import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../test/support/errors.js';
import { describeEachBackend } from '../../test/support/store-backends.js';
import { MigrationError } from './errors/migration-error.js';
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

  it('roll a failed batch back whole and name the migration that failed', async () => {
    const store = await backend.open({ migrate: false });
    // Something already in the way of the second migration.
    await sql`create table organisations (id text)`.execute(store.db);
    const error = await rejection(() => migrateToLatest(store));
    expect(error).toBeInstanceOf(MigrationError);
    expect(error).toMatchObject({ migration: '0002-people-and-access', schemaVersion: undefined });
    expect((error as MigrationError).message).toMatch(
      /^migration 0002-people-and-access failed: .*"organisations" already exists; no migration of this run was kept$/,
    );
    expect(await schemaVersion(store)).toMatchObject({
      current: undefined,
      pending: allMigrations,
    });
    const audit = await sql<{
      name: string | null;
    }>`select to_regclass('audit_records')::text as name`.execute(store.db);
    expect(audit.rows[0]?.name).toBeNull();
  });

  it('refuse a database migrated by a newer build', async () => {
    const store = await backend.open();
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', now()::text)`.execute(
      store.db,
    );
    const error = await rejection(() => migrateToLatest(store));
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).describe()).toMatch(
      /schema is newer than this build knows.*run a Vigil release at least as new/,
    );
  });
});
