import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, onTestFinished } from 'vitest';
import { migrateToLatest } from '../../src/store/migrate.js';
import { storeOverPglite } from '../../src/store/open-pglite-store.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store, StoreBackend } from '../../src/store/store.js';

/** The server every PostgreSQL test uses; CI runs one (trust authentication). */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

const START_SERVER = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** Opens stores for the tests of one backend and cleans up after them. */
export interface BackendHarness {
  readonly name: StoreBackend;
  /**
   * A fresh, empty store of its own (a new schema), migrated unless `migrate: false`. When the test that opened it ends (or the describe block,
   * for a store opened in a hook), every store over that database is closed and it is removed.
   */
  open(options?: { readonly migrate?: boolean }): Promise<Store>;
  /** Closes `store` and opens a new store over the same schema. */
  reopen(store: Store): Promise<Store>;
  /**
   * `count` stores sharing one database the way separate processes would: separate pools on the
   * server. The embedded store admits one process, so there it is `store` alone.
   */
  peers(store: Store, count: number): Promise<readonly Store[]>;
}

/** One test database: a schema in the shared PGlite database, or on the server. */
interface TestDatabase {
  /** Opens a store over it; `poolSize` applies to the server. */
  open(migrate: boolean, poolSize?: number): Promise<Store>;
  /** Deletes it; every store over it is closed first. */
  remove(): Promise<void>;
}

/** A backend while a describe block runs: it makes fresh databases. */
interface BackendSession {
  create(): TestDatabase;
  end(): Promise<void>;
}

/** What a backend provides. */
interface BackendKind {
  readonly name: StoreBackend;
  /** Whether several processes may share a database (only the server allows it). */
  readonly sharesDatabases: boolean;
  readonly start: () => Promise<BackendSession>;
}

/**
 * Runs `body` once per backend: embedded PGlite and the PostgreSQL server at TEST_DATABASE_URL.
 * Every store gets a fresh schema of its own (dropped when its test ends) via `search_path`, so
 * tests never meet, nor do test files running in parallel against the server. The PGlite
 * variant opens one database per describe block (from a template, in a temporary directory).
 * An unreachable server fails the server variant, saying how to start it.
 */
export function describeEachBackend(title: string, body: (backend: BackendHarness) => void): void {
  for (const kind of [pglite, postgres]) {
    describe(`${title} [${kind.name}]`, () => {
      body(harness(kind));
    });
  }
}

function harness(kind: BackendKind): BackendHarness {
  let session: BackendSession | undefined;
  const databases = new Map<Store, TestDatabase>();
  const stores = new Map<TestDatabase, Store[]>();
  const leftovers = new Set<TestDatabase>();
  const removeDatabase = async (database: TestDatabase): Promise<void> => {
    await Promise.all((stores.get(database) ?? []).map((store) => store.close()));
    stores.delete(database);
    leftovers.delete(database);
    await database.remove();
  };
  beforeAll(async () => {
    session = await kind.start();
  });
  afterAll(async () => {
    await Promise.all([...leftovers].map(removeDatabase));
    await session?.end();
  });
  const openOn = async (database: TestDatabase, migrate: boolean, poolSize?: number) => {
    const store = await database.open(migrate, poolSize);
    databases.set(store, database);
    stores.get(database)?.push(store);
    return store;
  };
  const databaseOf = (store: Store): TestDatabase => {
    const database = databases.get(store);
    if (database === undefined) throw new Error('use a store this harness opened');
    return database;
  };
  return {
    name: kind.name,
    open: async (options = {}) => {
      if (session === undefined) throw new Error(`the ${kind.name} backend did not start`);
      const database = session.create();
      stores.set(database, []);
      leftovers.add(database);
      try {
        onTestFinished(() => removeDatabase(database));
      } catch {
        // Opened in a hook, not a test: removed when the describe block ends.
      }
      return openOn(database, options.migrate ?? true);
    },
    reopen: async (store) => {
      const database = databaseOf(store);
      await store.close();
      return openOn(database, true);
    },
    peers: async (store, count) => {
      if (!kind.sharesDatabases) return [store];
      const database = databaseOf(store);
      const others = await Promise.all(
        Array.from({ length: count - 1 }, () => openOn(database, false, 4)),
      );
      return [store, ...others];
    },
  };
}

function testSchemaName(): string {
  return `vigil_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

async function migrated(store: Store, migrate: boolean): Promise<Store> {
  if (!migrate) return store;
  try {
    await migrateToLatest(store);
    return store;
  } catch (error) {
    await store.close();
    throw error;
  }
}

const pglite: BackendKind = {
  name: 'pglite',
  sharesDatabases: false,
  start: async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-store-'));
    await copyPgliteTemplate(dataDir);
    const { PGlite } = await import('@electric-sql/pglite');
    const shared = new PGlite(dataDir);
    await shared.waitReady;
    // PGlite has one session: one store at a time may use it.
    let live: Store | undefined;
    return {
      create: () => {
        const schema = testSchemaName();
        return {
          open: async (migrate) => {
            if (live !== undefined && !live.closed) {
              throw new Error('the PGlite harness holds one open store at a time; close the other');
            }
            live = storeOverPglite(shared, { schema, location: dataDir });
            return migrated(live, migrate);
          },
          remove: async () => {
            await shared.query(`drop schema if exists ${schema} cascade`);
          },
        };
      },
      end: async () => {
        await shared.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: BackendKind = {
  name: 'postgres',
  sharesDatabases: true,
  start: async () => {
    await checkServer();
    return {
      create: () => {
        const schema = testSchemaName();
        return {
          open: async (migrate, poolSize) =>
            migrated(
              await openStore({
                databaseUrl: TEST_DATABASE_URL,
                schema,
                migrate: false,
                ...(poolSize === undefined ? {} : { poolSize }),
              }),
              migrate,
            ),
          remove: async () => {
            const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
            await client.connect();
            try {
              await client.query(`drop schema if exists ${schema} cascade`);
            } finally {
              await client.end();
            }
          },
        };
      },
      end: () => Promise.resolve(),
    };
  },
};

async function checkServer(): Promise<void> {
  const client = new pg.Client({
    connectionString: TEST_DATABASE_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `the PostgreSQL server at ${TEST_DATABASE_URL} is not reachable (${String(error)}); ` +
        `start it with: ${START_SERVER} (and create the database: createdb -U postgres test)`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fills `dataDir` with a freshly initialised PGlite database, faster than PGlite's initdb. */
export async function copyPgliteTemplate(dataDir: string): Promise<void> {
  await copyTemplate(await pgliteTemplate(), dataDir);
}

async function copyTemplate(template: string, dataDir: string): Promise<void> {
  await cp(template, dataDir, {
    recursive: true,
    filter: (source) => !source.endsWith(TEMPLATE_MARKER),
  });
}

/**
 * A freshly initialised PGlite data directory, made once per machine and copied for each test
 * database: copying takes a tenth of the time PGlite's initdb does.
 */
let template: Promise<string> | undefined;

/** Written last into a finished template. */
const TEMPLATE_MARKER = 'vigil-template-ready';

function pgliteTemplate(): Promise<string> {
  template ??= pgliteVersion().then((version) =>
    makeTemplate(`vigil-pglite-template-${version}`, async (draft) => {
      const { PGlite } = await import('@electric-sql/pglite');
      const pglite = new PGlite(draft);
      await pglite.waitReady;
      await pglite.close();
    }),
  );
  return template;
}

async function pgliteVersion(): Promise<string> {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const manifest = JSON.parse(await readFile(join(entry, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/**
 * A data directory in the system's temporary folder, made once per machine by `fill` and then
 * shared by every test process: made aside and renamed into place, so no process sees half of it.
 */
async function makeTemplate(name: string, fill: (draft: string) => Promise<void>): Promise<string> {
  const path = join(tmpdir(), name);
  if (await exists(join(path, TEMPLATE_MARKER))) return path;
  const draft = await mkdtemp(join(tmpdir(), `${name}-draft-`));
  await fill(draft);
  await writeFile(join(draft, TEMPLATE_MARKER), '');
  try {
    await rename(draft, path);
  } catch {
    // Another test process made it first; theirs is as good as ours.
    await rm(draft, { recursive: true, force: true });
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
