import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachBackend } from '../../test/support/store-backends.js';

describeEachBackend('schema introspector', (backend) => {
  it("lists the store's own tables only, with their columns, whatever other schemas hold", async () => {
    const store = await backend.open();
    const other = `${store.schema}_other`;
    await sql`create schema ${sql.id(other)}`.execute(store.db);
    try {
      await sql`create table ${sql.id(other, 'elsewhere')} (id serial primary key)`.execute(
        store.db,
      );
      const tables = await store.db.introspection.getTables();
      const names = tables.map((table) => table.name);
      expect(names).toEqual(expect.arrayContaining(['audit_records', 'submissions', 'jobs']));
      expect(names).not.toContain('elsewhere');
      expect(names).not.toContain('kysely_migration');
      expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([store.schema]));
      const windowSettings = tables.find((table) => table.name === 'window_settings');
      expect(windowSettings?.columns.find((column) => column.name === 'cap_days')).toMatchObject({
        dataType: 'int4',
        isNullable: false,
        hasDefaultValue: false,
        isAutoIncrementing: false,
      });
      const withKysely = await store.db.introspection.getTables({ withInternalKyselyTables: true });
      expect(withKysely.map((table) => table.name)).toContain('kysely_migration');
      expect(await store.db.introspection.getSchemas()).toEqual([{ name: store.schema }]);
    } finally {
      await sql`drop schema ${sql.id(other)} cascade`.execute(store.db);
    }
  });
});
