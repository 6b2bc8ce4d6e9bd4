import type {
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
} from 'kysely';
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type { PGliteDriverConfig } from './pglite-driver.js';
import { PGliteDriver } from './pglite-driver.js';

/**
 * Kysely over PGlite: PGlite is PostgreSQL compiled to WebAssembly, so the SQL, the adapter
 * (advisory-lock migrations, RETURNING, transactional DDL) and the introspector are
 * PostgreSQL's; only the driver is ours.
 */
export class PGliteDialect implements Dialect {
  readonly #config: PGliteDriverConfig;

  constructor(config: PGliteDriverConfig) {
    this.#config = config;
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#config);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
