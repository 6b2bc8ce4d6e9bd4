import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock.js';
import { StoreUnavailableError } from './errors/store-unavailable-error.js';
import { PGliteDialect } from './pglite/pglite-dialect.js';
import { quoteIdentifier } from './pglite/pglite-driver.js';
import type { PGliteLike } from './pglite/pglite-like.js';
import { checkSchemaName } from './schema-name.js';
import type { Store } from './store.js';
import { createStore } from './store.js';

/** Where an embedded store keeps its data. */
export interface PgliteStoreOptions {
  /** The data directory; created (mode 0700) when missing. One process at a time may open it. */
  readonly dataDir: string;
  /** A schema to work in instead of `public`; created when missing. */
  readonly schema?: string;
}

function sessionSetup(schema: string | undefined): string[] {
  return schema === undefined
    ? []
    : [
        `create schema if not exists ${quoteIdentifier(schema)}`,
        `set search_path to ${quoteIdentifier(schema)}`,
      ];
}

/**
 * A store over a PGlite database the caller opened and will close, e.g. an in-memory one
 * (`new PGlite()`). Only one store may use a PGlite database at a time: it has one session.
 */
export function storeOverPglite(
  pglite: PGliteLike,
  options: { readonly schema?: string; readonly location?: string } = {},
): Store {
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const location = options.location ?? 'an embedded PGlite database';
  return createStore({
    backend: 'pglite',
    location: schema === undefined ? location : `${location} (schema ${schema})`,
    schema: schema ?? 'public',
    dialect: (transactionScope) =>
      new PGliteDialect({
        pglite,
        sessionSetup: sessionSetup(schema),
        transactionScope,
        closeOnDestroy: false,
      }),
  });
}

/**
 * Opens an embedded PostgreSQL (PGlite) store over a data directory, locked for this process.
 * PGlite is loaded only here, so a server deployment never loads the WebAssembly build.
 */
export async function openPgliteStore(options: PgliteStoreOptions): Promise<Store> {
  const dataDir = resolve(options.dataDir);
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataDir(dataDir);
  let store: Store | undefined;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const open = async (): Promise<PGliteLike> => {
      try {
        const pglite = new PGlite(dataDir);
        await pglite.waitReady;
        return pglite;
      } catch (error) {
        throw new StoreUnavailableError(dataDir, 'PGlite could not open the data directory', {
          hint:
            'the directory must be empty or hold a PGlite database of this version; ' +
            'restore it from a backup or point dataDir elsewhere',
          cause: error,
        });
      }
    };
    store = createStore({
      backend: 'pglite',
      location: schema === undefined ? dataDir : `${dataDir} (schema ${schema})`,
      schema: schema ?? 'public',
      dialect: (transactionScope) =>
        new PGliteDialect({ pglite: open, sessionSetup: sessionSetup(schema), transactionScope }),
      afterClose: () => lock.release(),
    });
    // Open now, so a broken directory fails here rather than at the first query.
    await store.db.selectNoFrom((eb) => eb.lit(1).as('ready')).execute();
    return store;
  } catch (error) {
    if (store === undefined) await lock.release();
    else await store.close();
    throw error;
  }
}
