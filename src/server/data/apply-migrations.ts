import { sql } from 'kysely';
import { MigrationError } from '../../store/errors/migration-error.js';
import type { Store } from '../../store/store.js';

/** One migration: its name (sorting in order) and its statements, one per query. */
export interface NamedMigration {
  readonly name: string;
  readonly statements: readonly string[];
}

/**
 * Applies the migrations of one component that are not yet recorded in its bookkeeping table,
 * all in one transaction under a transaction-level advisory lock, so two processes starting
 * together do not both apply them. Kysely's Migrator is not used here: it introspects every
 * schema of the database, which races with other schemas being dropped on a shared server.
 */
export async function applyMigrations(
  store: Store,
  component: string,
  migrations: readonly NamedMigration[],
): Promise<readonly string[]> {
  const table = `${component}_migrations`;
  if (!/^[a-z_]+$/.test(table)) throw new Error(`bad component name ${component}`);
  try {
    return await store.transaction(async (tx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`vigil ${table}`}))`.execute(tx);
      await sql
        .raw(
          `create table if not exists ${table} (name text primary key, applied_at timestamptz not null)`,
        )
        .execute(tx);
      const done = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(tx);
      const applied = new Set(done.rows.map((row) => row.name));
      const now: string[] = [];
      for (const migration of [...migrations].sort((first, second) =>
        first.name.localeCompare(second.name),
      )) {
        if (applied.has(migration.name)) continue;
        for (const statement of migration.statements) await sql.raw(statement).execute(tx);
        await sql`insert into ${sql.table(table)} (name, applied_at) values (${migration.name}, now())`.execute(
          tx,
        );
        now.push(migration.name);
      }
      return now;
    });
  } catch (error) {
    throw new MigrationError(
      `the ${component} tables could not be migrated: ${error instanceof Error ? error.message : 'unknown error'}`,
      {
        hint: 'check that the database user may create tables; nothing of this run was kept',
        cause: error,
      },
    );
  }
}
