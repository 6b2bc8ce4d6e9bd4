import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';
import { StoreClosedError } from './errors/store-closed-error.js';
import { mapDatabaseError } from './map-database-error.js';

type CompileQuery = QueryCompiler['compileQuery'];

/** A connection that maps the errors of the one it wraps. */
class GuardedConnection implements DatabaseConnection {
  readonly inner: DatabaseConnection;
  readonly #map: (error: unknown) => Error;

  constructor(inner: DatabaseConnection, map: (error: unknown) => Error) {
    this.inner = inner;
    this.#map = map;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(compiledQuery);
    } catch (error) {
      throw this.#map(error);
    }
  }

  async *streamQuery<R>(
    compiledQuery: CompiledQuery,
    chunkSize?: number,
  ): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.inner.streamQuery<R>(compiledQuery, chunkSize);
    } catch (error) {
      throw this.#map(error);
    }
  }
}

/**
 * Wraps a Kysely driver so that every failure, whichever backend raised it, reaches the caller
 * as a typed VigilError (see mapDatabaseError), and so that a closed store says so instead of
 * Kysely's generic "driver has already been destroyed".
 */
export class GuardedDriver implements Driver {
  readonly #inner: Driver;
  readonly #backend: string;
  readonly #location: string;
  readonly #connections = new WeakMap<DatabaseConnection, GuardedConnection>();
  #closed = false;

  constructor(inner: Driver, options: { backend: string; location: string }) {
    this.#inner = inner;
    this.#backend = options.backend;
    this.#location = options.location;
  }

  get closed(): boolean {
    return this.#closed;
  }

  readonly #map = (error: unknown): Error => {
    if (this.#closed) return new StoreClosedError(this.#backend);
    return mapDatabaseError(error, this.#location);
  };

  async #guard<T>(run: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreClosedError(this.#backend);
    try {
      return await run();
    } catch (error) {
      throw this.#map(error);
    }
  }

  #unwrap(connection: DatabaseConnection): DatabaseConnection {
    return connection instanceof GuardedConnection ? connection.inner : connection;
  }

  init(): Promise<void> {
    return this.#guard(() => this.#inner.init());
  }

  acquireConnection(): Promise<DatabaseConnection> {
    return this.#guard(async () => {
      const inner = await this.#inner.acquireConnection();
      let guarded = this.#connections.get(inner);
      if (guarded === undefined) {
        guarded = new GuardedConnection(inner, this.#map);
        this.#connections.set(inner, guarded);
      }
      return guarded;
    });
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#guard(() => this.#inner.beginTransaction(this.#unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#guard(() => this.#inner.commitTransaction(this.#unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#guard(() => this.#inner.rollbackTransaction(this.#unwrap(connection)));
  }

  savepoint(connection: DatabaseConnection, name: string, compile: CompileQuery): Promise<void> {
    return this.#guard(() => this.#savepointCall('savepoint', connection, name, compile));
  }

  rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: CompileQuery,
  ): Promise<void> {
    return this.#guard(() => this.#savepointCall('rollbackToSavepoint', connection, name, compile));
  }

  releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: CompileQuery,
  ): Promise<void> {
    return this.#guard(() => this.#savepointCall('releaseSavepoint', connection, name, compile));
  }

  async #savepointCall(
    method: 'savepoint' | 'rollbackToSavepoint' | 'releaseSavepoint',
    connection: DatabaseConnection,
    name: string,
    compile: CompileQuery,
  ): Promise<void> {
    const call = this.#inner[method]?.bind(this.#inner);
    if (call === undefined) throw new Error(`the ${this.#backend} driver has no ${method}`);
    await call(this.#unwrap(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    // Release even after close, so a pool can finish shutting down.
    return this.#inner.releaseConnection(this.#unwrap(connection));
  }

  /** Marks the store closed first, so calls racing the shutdown get StoreClosedError. */
  async destroy(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#inner.destroy();
  }
}
