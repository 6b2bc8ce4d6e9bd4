import type {
  ColumnMetadata,
  DatabaseIntrospector,
  DatabaseMetadata,
  DatabaseMetadataOptions,
  Kysely,
  SchemaMetadata,
  TableMetadata,
} from 'kysely';
import { sql } from 'kysely';

/** Kysely's bookkeeping tables, left out unless asked for (as Kysely's own introspectors do). */
const kyselyTables = ['kysely_migration', 'kysely_migration_lock'];

interface ColumnRow {
  readonly table: string;
  readonly kind: string;
  readonly column: string;
  readonly type: string;
  readonly type_schema: string;
  readonly not_null: boolean;
  readonly has_default: boolean;
  readonly serial: boolean;
  readonly comment: string | null;
}

/**
 * The tables of one schema: the store's. Kysely's PostgreSQL introspector reads every schema of
 * the database and calls functions on each one's name, so a schema dropped by another process
 * at that moment fails the read (`3F000`, "schema … does not exist"); its Migrator reads tables
 * that way before every run. Looking only at the store's own schema, which nobody drops under
 * it, removes that race, and is all the Migrator needs.
 */
export class SchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;
  readonly #schema: string;

  constructor(db: Kysely<unknown>, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return Promise.resolve([{ name: this.#schema }]);
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const result = await sql<ColumnRow>`
      select c.relname as table, c.relkind as kind, a.attname as column,
        t.typname as type, tns.nspname as type_schema, a.attnotnull as not_null,
        a.atthasdef as has_default, col_description(c.oid, a.attnum) as comment,
        pg_get_serial_sequence(format('%I.%I', ns.nspname, c.relname), a.attname) is not null
          as serial
      from pg_catalog.pg_namespace ns
      join pg_catalog.pg_class c on c.relnamespace = ns.oid and c.relkind in ('r', 'v', 'p')
      join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      join pg_catalog.pg_type t on t.oid = a.atttypid
      join pg_catalog.pg_namespace tns on tns.oid = t.typnamespace
      where ns.nspname = ${this.#schema}
      order by c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<string, { name: string; isView: boolean; columns: ColumnMetadata[] }>();
    for (const row of result.rows) {
      if (!options.withInternalKyselyTables && kyselyTables.includes(row.table)) continue;
      let table = tables.get(row.table);
      if (table === undefined) {
        table = { name: row.table, isView: row.kind === 'v', columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isNullable: !row.not_null,
        hasDefaultValue: row.has_default,
        isAutoIncrementing: row.serial,
        ...(row.comment === null ? {} : { comment: row.comment }),
      });
    }
    return [...tables.values()].map((table) => ({ ...table, schema: this.#schema }));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
