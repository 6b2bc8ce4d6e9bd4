import type { PoolConfig } from 'pg';
import { sql } from 'kysely';
import { PostgresDialect } from 'kysely';
import { InputError } from '../core/errors/input-error.js';
import { INT8_OID, parseInt8 } from './int8.js';
import { checkSchemaName } from './schema-name.js';
import type { Store } from './store.js';
import { createStore } from './store.js';

/** How to reach a PostgreSQL server. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database`; the caller reads it from configuration. */
  readonly databaseUrl: string;
  /** A schema to work in instead of `public` (sets `search_path`); created when missing. */
  readonly schema?: string;
  /** Connections in the pool (default 10). */
  readonly poolSize?: number;
  /** How long to wait for a connection before failing (default 10 s). */
  readonly connectTimeoutMs?: number;
}

/** The URL with its password replaced, for messages and `store.location`. */
export function redactDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new InputError('the database URL is not a URL', {
      hint: 'write it as postgres://user:password@host:5432/database',
      cause: error,
    });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new InputError(`the database URL has the scheme ${url.protocol} instead of postgres:`, {
      hint: 'write it as postgres://user:password@host:5432/database',
    });
  }
  if (url.password !== '') url.password = '***';
  return url.toString();
}

/**
 * Opens a store on a PostgreSQL server through a `pg` pool. `pg` is loaded only here. Every
 * connection gets the same type parsing as the embedded store (bigint as a checked number).
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const location = redactDatabaseUrl(options.databaseUrl);
  const schema = options.schema === undefined ? undefined : checkSchemaName(options.schema);
  const { default: pg } = await import('pg');
  const builtinParser = pg.types.getTypeParser.bind(pg.types) as (
    oid: number,
    format?: 'text' | 'binary',
  ) => unknown;
  const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? parseInt8 : builtinParser(oid, format)) as typeof pg.types.getTypeParser;
  const config: PoolConfig = {
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    types: { getTypeParser },
    application_name: 'vigil',
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  };
  const pool = new pg.Pool(config);
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = createStore({
    backend: 'postgres',
    location: schema === undefined ? location : `${location} (schema ${schema})`,
    schema: schema ?? 'public',
    dialect: () => new PostgresDialect({ pool }),
  });
  try {
    if (schema !== undefined) {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(store.db);
    } else {
      await sql`select 1`.execute(store.db);
    }
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}
