import { AsyncLocalStorage } from 'node:async_hooks';
import type { Dialect, Transaction } from 'kysely';
import { Kysely } from 'kysely';
import { NestedStoreUseError } from './errors/nested-store-use-error.js';
import { GuardedDriver } from './guarded-driver.js';
import type { TransactionScope } from './pglite/pglite-driver.js';
import type { Database } from './schema/database.js';
import { SchemaIntrospector } from './schema-introspector.js';

/** Which database a store runs on. */
export type StoreBackend = 'pglite' | 'postgres';

/** Something that runs queries: the store's `db`, or a transaction inside it. */
export type Executor = Kysely<Database>;

/** True when `db` is a transaction (so work can join it instead of starting its own). */
export function isTransaction(db: Executor): db is Transaction<Database> {
  return db.isTransaction;
}

/** Each store's `transaction`, by its `db`, so `inTransaction` can go through the store. */
const storeTransactions = new WeakMap<Executor, Store['transaction']>();

/**
 * Runs `work` in a transaction: the caller's, when `db` is one; otherwise a new one, started
 * through the store when `db` is a store's (so a nested use of the store inside it is caught).
 */
export function inTransaction<T>(
  db: Executor,
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (isTransaction(db)) return work(db);
  const viaStore = storeTransactions.get(db);
  return viaStore === undefined ? db.transaction().execute(work) : viaStore(work);
}

/**
 * The programme's database: PostgreSQL, embedded (PGlite) or a server. Repositories take an
 * Executor, so the same code runs on `store.db` or inside `store.transaction`.
 */
export interface Store {
  readonly backend: StoreBackend;
  /** The data directory, or the server URL without its password (and the schema, if any). */
  readonly location: string;
  /** The schema the store's tables live in (`public` unless one was chosen). */
  readonly schema: string;
  /** Typed queries. Inside `transaction`, use the transaction instead. */
  readonly db: Kysely<Database>;
  readonly closed: boolean;
  /**
   * Runs `work` in one transaction: all of its writes or none. On the embedded store the
   * transaction holds the only connection, so `work` must use `tx`, never `db` (that is caught
   * and refused with NestedStoreUseError rather than left to hang).
   */
  transaction<T>(work: (tx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Closes the connections (and releases an embedded data directory). Safe to call twice. */
  close(): Promise<void>;
}

/** What `createStore` wraps: a Kysely dialect and what to do after closing it. */
export interface StoreParts {
  readonly backend: StoreBackend;
  readonly location: string;
  readonly schema: string;
  /** Builds the dialect; `scope` marks transactions for the embedded driver. */
  readonly dialect: (scope: AsyncLocalStorage<TransactionScope>) => Dialect;
  /** Runs after the connections are closed, e.g. to release a lock file. */
  readonly afterClose?: () => Promise<void>;
}

/** A dialect whose driver is guarded (typed errors, closed state) and kept for `close`. */
class GuardedDialect implements Dialect {
  readonly #inner: Dialect;
  readonly #options: { backend: string; location: string; schema: string };
  driver: GuardedDriver | undefined;

  constructor(inner: Dialect, options: { backend: string; location: string; schema: string }) {
    this.#inner = inner;
    this.#options = options;
  }

  createDriver(): GuardedDriver {
    this.driver = new GuardedDriver(this.#inner.createDriver(), this.#options);
    return this.driver;
  }

  createQueryCompiler(): ReturnType<Dialect['createQueryCompiler']> {
    return this.#inner.createQueryCompiler();
  }

  createAdapter(): ReturnType<Dialect['createAdapter']> {
    return this.#inner.createAdapter();
  }

  /** Only the store's own schema: see SchemaIntrospector. */
  createIntrospector(db: Kysely<unknown>): ReturnType<Dialect['createIntrospector']> {
    return new SchemaIntrospector(db, this.#options.schema);
  }
}

/** Builds a Store over a dialect. Opening functions (openStore) call this; tests may too. */
export function createStore(parts: StoreParts): Store {
  const scope = new AsyncLocalStorage<TransactionScope>();
  const dialect = new GuardedDialect(parts.dialect(scope), parts);
  const db = new Kysely<Database>({ dialect });
  let closing: Promise<void> | undefined;
  const transaction: Store['transaction'] = (work) =>
    // Only the embedded driver marks the scope as holding its one connection.
    scope.getStore()?.holding === true
      ? Promise.reject(new NestedStoreUseError())
      : scope.run({ holding: false }, () => db.transaction().execute(work));
  storeTransactions.set(db, transaction);
  return {
    backend: parts.backend,
    location: parts.location,
    schema: parts.schema,
    db,
    get closed() {
      return closing !== undefined;
    },
    transaction,
    close: () => {
      // Kysely's own destroy would leave later calls with a generic "driver destroyed" error;
      // the guarded driver answers them with StoreClosedError instead.
      closing ??= (async () => {
        try {
          await dialect.driver?.destroy();
        } finally {
          await parts.afterClose?.();
        }
      })();
      return closing;
    },
  };
}
