import type { AsyncLocalStorage } from 'node:async_hooks';
import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { AbortedTransactionError, CompiledQuery as Compiled } from 'kysely';
import { NestedStoreUseError } from '../errors/nested-store-use-error.js';
import { INT8_OID, parseInt8 } from '../int8.js';
import { ConnectionLock } from './connection-lock.js';
import type { PGliteLike } from './pglite-like.js';

/** Marks the async context of a store transaction, so a nested use of the store is caught. */
export interface TransactionScope {
  holding: boolean;
}

/** How the PGlite driver gets its database and prepares its session. */
export interface PGliteDriverConfig {
  /** The database, or a function that opens it (called once, by `init`). */
  readonly pglite: PGliteLike | (() => Promise<PGliteLike>);
  /** Statements run once after opening, e.g. `set search_path`. */
  readonly sessionSetup?: readonly string[];
  /** Whether `destroy` closes the database (true unless the caller owns it). */
  readonly closeOnDestroy?: boolean;
  /** Set by the store around its transactions; see NestedStoreUseError. */
  readonly transactionScope?: AsyncLocalStorage<TransactionScope>;
}

const changingCommands = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** Bigint as a checked number, the same as on the server. */
const int8Parsers = { [INT8_OID]: parseInt8 };

/** The one session of a PGlite database, as a Kysely connection. */
class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGliteLike;

  constructor(pglite: PGliteLike) {
    this.#pglite = pglite;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#pglite.query<R>(compiledQuery.sql, [...compiledQuery.parameters], {
      rowMode: 'object',
      // Set per query, so a PGlite instance opened by someone else parses the same way.
      parsers: int8Parsers,
    });
    const command = result.command ?? '';
    if (command === 'COMMIT' || command === 'ROLLBACK') {
      return { rows: [{ command } as R] };
    }
    return changingCommands.has(command)
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows };
  }

  /**
   * PGlite returns whole results, so this yields the rows of one query in chunks; it saves the
   * caller no memory. Page with a keyset (`where id > last order by id limit n`) for that.
   */
  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize = 1000,
  ): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiledQuery);
    for (let start = 0; start < rows.length; start += chunkSize) {
      yield { rows: rows.slice(start, start + chunkSize) };
    }
  }
}

/**
 * A Kysely driver over one PGlite database. PGlite is a single session, so the driver hands its
 * one connection to one caller at a time: a transaction holds it from BEGIN to COMMIT and every
 * other query waits its turn.
 */
export class PGliteDriver implements Driver {
  readonly #config: PGliteDriverConfig;
  readonly #lock = new ConnectionLock();
  #pglite: PGliteLike | undefined;
  #connection: PGliteConnection | undefined;

  constructor(config: PGliteDriverConfig) {
    this.#config = config;
  }

  async init(): Promise<void> {
    const source = this.#config.pglite;
    const pglite = typeof source === 'function' ? await source() : source;
    await pglite.waitReady;
    for (const statement of this.#config.sessionSetup ?? []) await pglite.query(statement);
    this.#pglite = pglite;
    this.#connection = new PGliteConnection(pglite);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const scope = this.#config.transactionScope?.getStore();
    if (scope?.holding === true) throw new NestedStoreUseError();
    await this.#lock.acquire();
    if (this.#connection === undefined) {
      this.#lock.release();
      throw new Error('the PGlite driver is not initialised');
    }
    if (scope !== undefined) scope.holding = true;
    return this.#connection;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const mode = [
      settings.isolationLevel === undefined ? '' : ` isolation level ${settings.isolationLevel}`,
      settings.accessMode === undefined ? '' : ` ${settings.accessMode}`,
    ].join('');
    await connection.executeQuery(Compiled.raw(mode === '' ? 'begin' : `start transaction${mode}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const { rows } = await connection.executeQuery<{ command?: string }>(Compiled.raw('commit'));
    // After a failed statement PostgreSQL answers COMMIT with ROLLBACK.
    if (rows[0]?.command === 'ROLLBACK') throw new AbortedTransactionError();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(Compiled.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(Compiled.raw(`savepoint ${quoteIdentifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(Compiled.raw(`rollback to savepoint ${quoteIdentifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(Compiled.raw(`release savepoint ${quoteIdentifier(name)}`));
  }

  releaseConnection(): Promise<void> {
    const scope = this.#config.transactionScope?.getStore();
    if (scope !== undefined) scope.holding = false;
    this.#lock.release();
    return Promise.resolve();
  }

  /** Waits for the current holder to finish, then closes the database (if it is ours). */
  async destroy(): Promise<void> {
    const pglite = this.#pglite;
    if (pglite === undefined) return;
    await this.#lock.acquire();
    this.#pglite = undefined;
    this.#connection = undefined;
    try {
      if (this.#config.closeOnDestroy !== false && !pglite.closed) await pglite.close();
    } finally {
      this.#lock.release();
    }
  }
}

/** Double-quotes an SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
