import { InputError } from '../core/errors/input-error.js';
import { migrateToLatest } from './migrate.js';
import { openPgliteStore } from './open-pglite-store.js';
import { openPostgresStore } from './open-postgres-store.js';
import type { Store } from './store.js';

/** Which store to open: a PostgreSQL server when `databaseUrl` is given, else embedded. */
export interface StoreOptions {
  /** A PostgreSQL server; wins over `dataDir`. Passed in by the config layer. */
  readonly databaseUrl?: string | undefined;
  /** The embedded store's data directory, used when there is no `databaseUrl`. */
  readonly dataDir?: string | undefined;
  /** Work in this schema instead of `public` (created when missing). */
  readonly schema?: string;
  /** Server connections (default 10). */
  readonly poolSize?: number;
  /** Apply pending migrations before returning (default true). */
  readonly migrate?: boolean;
}

/**
 * Opens the store and, unless told otherwise, migrates it to the newest schema. A failed
 * migration closes the store again and throws MigrationError.
 */
export async function openStore(options: StoreOptions): Promise<Store> {
  const schema = options.schema === undefined ? {} : { schema: options.schema };
  let store: Store;
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    store = await openPostgresStore({
      databaseUrl: options.databaseUrl,
      ...schema,
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
    });
  } else if (options.dataDir !== undefined && options.dataDir !== '') {
    store = await openPgliteStore({ dataDir: options.dataDir, ...schema });
  } else {
    throw new InputError('no store to open: give a data directory or a database URL', {
      hint: 'set the data directory for the embedded store, or DATABASE_URL for a server',
    });
  }
  if (options.migrate === false) return store;
  try {
    await migrateToLatest(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
