import { Migrator } from 'kysely';
import { MigrationError } from './errors/migration-error.js';
import { latestSchemaVersion, migrationProvider } from './migrations/index.js';
import type { Store } from './store.js';

/** Where the schema stands. */
export interface SchemaVersion {
  /** The last migration applied; `undefined` for an empty database. */
  readonly current: string | undefined;
  /** The newest migration this build has. */
  readonly latest: string;
  /** Migrations this build would still apply, in order. */
  readonly pending: readonly string[];
}

/** What `migrateToLatest` did. */
export interface MigrationReport {
  /** Migrations applied now, in order; empty when the schema was already current. */
  readonly applied: readonly string[];
  readonly schemaVersion: string;
}

function migrator(store: Store): Migrator {
  // Naming the schema matters: without it Kysely looks for its tables in every schema and,
  // finding another schema's, skips creating its own.
  return new Migrator({
    db: store.db,
    provider: migrationProvider,
    migrationTableSchema: store.schema,
  });
}

/** The schema version of the store: applied, newest known and pending migrations. */
export async function schemaVersion(store: Store): Promise<SchemaVersion> {
  const infos = await migrator(store).getMigrations();
  const applied = infos.filter((info) => info.executedAt !== undefined);
  return {
    current: applied.at(-1)?.name,
    latest: latestSchemaVersion,
    pending: infos.filter((info) => info.executedAt === undefined).map((info) => info.name),
  };
}

/**
 * Applies every pending migration, all in one transaction under PostgreSQL's advisory lock (so
 * two processes starting together do not both migrate). Running it again does nothing. A
 * failure rolls the whole batch back and throws MigrationError naming the migration.
 */
export async function migrateToLatest(store: Store): Promise<MigrationReport> {
  const { error, results = [] } = await migrator(store).migrateToLatest();
  if (error === undefined) {
    return {
      applied: results.map((result) => result.migrationName),
      schemaVersion: latestSchemaVersion,
    };
  }
  const failed = results.find((result) => result.status === 'Error')?.migrationName;
  const current = await currentVersionOrUndefined(store);
  const reason = error instanceof Error ? error.message : 'unknown error';
  if (failed === undefined && /missing|corrupted/i.test(reason)) {
    throw new MigrationError(`the database schema is newer than this build knows: ${reason}`, {
      ...(current === undefined ? {} : { schemaVersion: current }),
      hint: 'run a Vigil release at least as new as the one that last migrated this database',
      cause: error,
    });
  }
  const what = failed === undefined ? 'migrating the store' : `migration ${failed}`;
  throw new MigrationError(`${what} failed: ${reason}; no migration of this run was kept`, {
    ...(failed === undefined ? {} : { migration: failed }),
    ...(current === undefined ? {} : { schemaVersion: current }),
    hint: 'fix the cause above and open the store again; the schema is as it was before',
    cause: error,
  });
}

async function currentVersionOrUndefined(store: Store): Promise<string | undefined> {
  try {
    return (await schemaVersion(store)).current;
  } catch {
    return undefined;
  }
}
