import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { closedPort } from '../../test/support/closed-port.js';
import { rejection } from '../../test/support/errors.js';
import { copyPgliteTemplate, describeEachBackend } from '../../test/support/store-backends.js';
import { useTempDir } from '../../test/support/temp-dir.js';
import { InputError } from '../core/errors/input-error.js';
import { AppendOnlyError } from './errors/append-only-error.js';
import { NestedStoreUseError } from './errors/nested-store-use-error.js';
import { StoreClosedError } from './errors/store-closed-error.js';
import { StoreLockedError } from './errors/store-locked-error.js';
import { StoreQueryError } from './errors/store-query-error.js';
import { StoreUnavailableError } from './errors/store-unavailable-error.js';
import { UniqueViolationError } from './errors/unique-violation-error.js';
import { schemaVersion } from './migrate.js';
import { openStore } from './open-store.js';
import { repositories } from './repositories/repositories.js';
import type { Store } from './store.js';

const at = '2026-06-02T09:00:00.000Z';

async function keyIds(store: Store): Promise<string[]> {
  const rows = await store.db
    .selectFrom('sealed_keys')
    .select('key_id')
    .orderBy('key_id')
    .execute();
  return rows.map((row) => row.key_id);
}

describeEachBackend('store', (backend) => {
  it('keeps what it stored across a close and a reopen', async () => {
    const store = await backend.open();
    await store.db.insertInto('sealed_keys').values({ key_id: 'k1', created_at: at }).execute();
    const reopened = await backend.reopen(store);
    expect(await keyIds(reopened)).toEqual(['k1']);
    const row = await reopened.db.selectFrom('sealed_keys').selectAll().executeTakeFirstOrThrow();
    expect(row.created_at).toEqual(new Date(at));
  });

  it('turns a duplicate key into UniqueViolationError and keeps the first row', async () => {
    const store = await backend.open();
    await store.db.insertInto('sealed_keys').values({ key_id: 'k1', created_at: at }).execute();
    const error = await rejection(() =>
      store.db.insertInto('sealed_keys').values({ key_id: 'k1', created_at: at }).execute(),
    );
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect((error as UniqueViolationError).table).toBe('sealed_keys');
    expect((error as UniqueViolationError).describe()).toMatch(
      /duplicate key .*k1.*read it instead/,
    );
    expect(await keyIds(store)).toEqual(['k1']);
  });

  it('rolls back every write of a transaction that fails, and stays usable', async () => {
    const store = await backend.open();
    await store.db.insertInto('sealed_keys').values({ key_id: 'k1', created_at: at }).execute();
    const error = await rejection(() =>
      store.transaction(async (tx) => {
        await tx
          .insertInto('sealed_keys')
          .values({ key_id: 'k2', created_at: at, retired_at: at })
          .execute();
        await tx.insertInto('sealed_keys').values({ key_id: 'k1', created_at: at }).execute();
      }),
    );
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect(await keyIds(store)).toEqual(['k1']);
    await store.transaction(async (tx) => {
      await tx
        .insertInto('sealed_keys')
        .values({ key_id: 'k3', created_at: at, retired_at: at })
        .execute();
    });
    expect(await keyIds(store)).toEqual(['k1', 'k3']);
  });

  it('rolls back to a savepoint inside a transaction', async () => {
    const store = await backend.open();
    const trx = await store.db.startTransaction().execute();
    await trx
      .insertInto('sealed_keys')
      .values({ key_id: 'k1', created_at: at, retired_at: at })
      .execute();
    const saved = await trx.savepoint('before_k2').execute();
    await saved
      .insertInto('sealed_keys')
      .values({ key_id: 'k2', created_at: at, retired_at: at })
      .execute();
    const back = await saved.rollbackToSavepoint('before_k2').execute();
    await back.commit().execute();
    expect(await keyIds(store)).toEqual(['k1']);
  });

  it('runs transactions side by side without mixing their writes', async () => {
    const store = await backend.open();
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        store
          .transaction(async (tx) => {
            await tx
              .insertInto('sealed_keys')
              .values({ key_id: `a${index}`, created_at: at, retired_at: at })
              .execute();
            if (index % 2 === 1) throw new Error(`transaction ${index} gives up`);
          })
          .catch(() => undefined),
      ),
    );
    expect(await keyIds(store)).toEqual(['a0', 'a2', 'a4', 'a6']);
  });

  it('refuses to change or delete audit records, with AppendOnlyError', async () => {
    const store = await backend.open();
    const update = await rejection(() =>
      store.db.updateTable('audit_head').set({ seq: 5 }).execute(),
    );
    expect(update).toBeInstanceOf(AppendOnlyError);
    const truncate = await rejection(() => sql`truncate audit_records`.execute(store.db));
    expect(truncate).toBeInstanceOf(AppendOnlyError);
    expect((truncate as AppendOnlyError).message).toMatch(/TRUNCATE on audit_records refused/);
  });

  it('keeps the SQLSTATE of other failures', async () => {
    const store = await backend.open();
    const error = await rejection(() => sql`select * from no_such_table`.execute(store.db));
    expect(error).toBeInstanceOf(StoreQueryError);
    expect((error as StoreQueryError).sqlState).toBe('42P01');
  });

  it('says it is closed when used after close', async () => {
    const store = await backend.open();
    await store.close();
    await store.close();
    expect(store.closed).toBe(true);
    const error = await rejection(() => store.db.selectFrom('sealed_keys').selectAll().execute());
    expect(error).toBeInstanceOf(StoreClosedError);
    expect((error as StoreClosedError).describe()).toMatch(/store is closed — open a new store/);
    const inTransaction = await rejection(() => store.transaction(() => Promise.resolve()));
    expect(inTransaction).toBeInstanceOf(StoreClosedError);
  });
});

describe('the embedded store', () => {
  const temp = useTempDir('vigil-store-lock-');

  it('keeps its data in its directory across a restart', async () => {
    await copyPgliteTemplate(temp.path);
    const first = await openStore({ dataDir: temp.path });
    await first.db.insertInto('sealed_keys').values({ key_id: 'k1', created_at: at }).execute();
    await first.close();
    const second = await openStore({ dataDir: temp.path });
    try {
      expect(await keyIds(second)).toEqual(['k1']);
      expect((await schemaVersion(second)).pending).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('refuses a second open of the same data directory, and allows it after close', async () => {
    const dataDir = `${temp.path}/data`;
    await copyPgliteTemplate(dataDir);
    const first = await openStore({ dataDir, migrate: false });
    try {
      const error = await rejection(() => openStore({ dataDir, migrate: false }));
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as StoreLockedError).describe()).toMatch(
        new RegExp(`in use by process ${process.pid} — stop that process first`),
      );
    } finally {
      await first.close();
    }
    const second = await openStore({ dataDir, migrate: false });
    await second.close();
  });

  it('takes over the lock of a process that has died', async () => {
    await copyPgliteTemplate(temp.path);
    // Above the largest pid Linux hands out (2^22), so no live process has it.
    const deadPid = 2 ** 22 + 7;
    const lock = await temp.write(
      'vigil-store.lock',
      JSON.stringify({ pid: deadPid, host: hostname() }),
    );
    const store = await openStore({ dataDir: temp.path, migrate: false });
    expect(JSON.parse(await readFile(lock, 'utf8'))).toEqual({
      pid: process.pid,
      host: hostname(),
    });
    await store.close();
    await expect(readFile(lock, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses to use the store inside its own transaction instead of hanging', async () => {
    await copyPgliteTemplate(temp.path);
    const store = await openStore({ dataDir: temp.path, migrate: false });
    try {
      const error = await rejection(() =>
        store.transaction(async () => {
          await sql`select 1`.execute(store.db);
        }),
      );
      expect(error).toBeInstanceOf(NestedStoreUseError);
      const nestedTransaction = await rejection(() =>
        store.transaction(() => store.transaction(() => Promise.resolve())),
      );
      expect(nestedTransaction).toBeInstanceOf(NestedStoreUseError);
      const throughRepository = await rejection(() =>
        store.transaction(() =>
          repositories(store.db).organisations.insert(
            { id: 'dev.x', kind: 'developer', name: 'X' },
            at,
          ),
        ),
      );
      expect(throughRepository).toBeInstanceOf(NestedStoreUseError);
      expect(await sql<{ one: number }>`select 1 as one`.execute(store.db)).toMatchObject({
        rows: [{ one: 1 }],
      });
    } finally {
      await store.close();
    }
  });
});

describe('opening a server store', () => {
  it('says the server is unreachable and how to fix it', async () => {
    const port = await closedPort();
    const error = await rejection(() =>
      openStore({ databaseUrl: `postgres://vigil:secret@127.0.0.1:${port}/vigil` }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    const text = (error as StoreUnavailableError).describe();
    expect(text).toMatch(/cannot use the store at postgres:\/\/vigil:\*\*\*@127\.0\.0\.1/);
    expect(text).toMatch(/check that the PostgreSQL server is running/);
    expect(text).not.toContain('secret');
  });

  it('says when the database does not exist, and how to create it', async () => {
    const error = await rejection(() =>
      openStore({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/vigil_no_such_database' }),
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).describe()).toMatch(
      /database "vigil_no_such_database" does not exist — create the database \(createdb\)/,
    );
  });

  it('rejects a URL that is not a PostgreSQL URL', async () => {
    const error = await rejection(() => openStore({ databaseUrl: 'mysql://localhost/db' }));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/scheme mysql: instead of postgres:/);
  });

  it('asks for a data directory or a URL when given neither', async () => {
    const error = await rejection(() => openStore({}));
    expect(error).toBeInstanceOf(InputError);
  });
});
