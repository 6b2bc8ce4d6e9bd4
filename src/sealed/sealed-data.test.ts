import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../test/support/errors.js';
import { describeEachBackend } from '../../test/support/store-backends.js';
import type { Store } from '../store/store.js';
import { SealedDataError } from './errors/sealed-data-error.js';
import { generateKek } from './key-encryption-key.js';
import { openSealedData } from './open-sealed-data.js';
import { rotateKek } from './rotate-kek.js';
import type { SealedRead } from './sealed-read.js';
import type { SealedRef } from './sealed-ref.js';

const body: SealedRef = { kind: 'criteria-version-body', objectId: 'criteria.v3' };
const otherBody: SealedRef = { kind: 'criteria-version-body', objectId: 'criteria.v4' };
const secret = 'lower 95% bound of cyber.vuln_discovery.pass_at_1 >= 0.30';

/** An audit callback that keeps what it was told. */
function recorder() {
  const reads: SealedRead[] = [];
  return { reads, audit: (read: SealedRead) => Promise.resolve(void reads.push(read)) };
}

async function sealedError(run: () => Promise<unknown>): Promise<SealedDataError> {
  const error = await rejection(run);
  expect(error).toBeInstanceOf(SealedDataError);
  return error as SealedDataError;
}

async function storedBytes(store: Store, ref: SealedRef) {
  return store.db
    .selectFrom('sealed_values')
    .selectAll()
    .where('kind', '=', ref.kind)
    .where('object_id', '=', ref.objectId)
    .executeTakeFirstOrThrow();
}

describeEachBackend('sealed data', (backend) => {
  it('seals and opens a value, auditing the read, and stores no plaintext', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    await sealed.seal(body, secret);
    const { reads, audit } = recorder();

    expect(await sealed.openText(body, audit)).toBe(secret);
    expect(reads).toEqual([{ ref: body, outcome: 'ok' }]);
    const row = await storedBytes(store, body);
    expect(row).toMatchObject({ key_id: sealed.keyId, algorithm: 1, purged_at: null });
    expect(Buffer.from(row.ciphertext ?? []).toString('utf8')).not.toContain('vuln_discovery');
    expect(row.ciphertext?.length).toBe(Buffer.byteLength(secret));
  });

  it('seals binary values and replaces a value sealed again', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    const bytes = Uint8Array.from([0, 255, 1, 254]);
    await sealed.seal(body, bytes);
    const first = await storedBytes(store, body);
    await sealed.seal(body, Uint8Array.from([7]));
    const second = await storedBytes(store, body);
    expect([...(await sealed.open(body, recorder().audit))]).toEqual([7]);
    expect(Buffer.from(second.wrapped_key ?? []).equals(Buffer.from(first.wrapped_key ?? []))).toBe(
      false,
    );
  });

  it('refuses a wrong key at start-up and at a read, naming the object and what to check', async () => {
    const store = await backend.open();
    const rightKey = generateKek();
    await (await openSealedData(store, rightKey)).seal(body, secret);
    const wrongKey = generateKek();

    const atStart = await sealedError(() => openSealedData(store, wrongKey));
    expect(atStart.code).toBe('wrong_key');
    expect(atStart.describe()).toContain(
      `under ${rightKey.id}, but the key given is ${wrongKey.id}`,
    );
    expect(atStart.describe()).toMatch(/point Vigil at the key file this store was created with/);

    // Past the start-up check (say, a second service with its own key), the read still fails.
    const { sealedData } = await import('./sealed-data.js');
    const { reads, audit } = recorder();
    const atRead = await sealedError(() => sealedData(store, wrongKey).open(body, audit));
    expect(atRead).toMatchObject({ code: 'wrong_key', kind: body.kind, objectId: body.objectId });
    expect(atRead.message).toMatch(/sealed criteria-version-body criteria\.v3: was sealed under/);
    expect(reads).toEqual([{ ref: body, outcome: 'failed', failure: 'wrong_key' }]);
  });

  it('refuses a tampered ciphertext, tag or wrapped key, never returning garbage', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    for (const column of ['ciphertext', 'tag', 'nonce', 'wrapped_key'] as const) {
      const ref = { kind: 'determination', objectId: `det-${column}` } as const;
      await sealed.seal(ref, secret);
      // Every bit of one byte flipped: overwriting it could leave it as it was (1 in 256).
      await sql`update sealed_values set ${sql.ref(column)} = set_byte(${sql.ref(column)}, 1, get_byte(${sql.ref(column)}, 1) # 255)
        where kind = ${ref.kind} and object_id = ${ref.objectId}`.execute(store.db);
      const error = await sealedError(() => sealed.open(ref, recorder().audit));
      expect(error.code, column).toBe('tampered');
      expect(error.describe()).toMatch(/failed its integrity check.*restore it from a backup/);
    }
  });

  it('refuses a ciphertext moved to another row', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    await sealed.seal(body, secret);
    await sealed.seal(otherBody, 'a harmless draft');
    await sql`update sealed_values as target
      set wrapped_key = source.wrapped_key, nonce = source.nonce, tag = source.tag, ciphertext = source.ciphertext
      from sealed_values as source
      where source.object_id = ${body.objectId} and target.object_id = ${otherBody.objectId}`.execute(
      store.db,
    );
    const error = await sealedError(() => sealed.open(otherBody, recorder().audit));
    expect(error).toMatchObject({ code: 'tampered', objectId: otherBody.objectId });
    expect(error.message).toMatch(/or copied from another object/);
    expect(await sealed.openText(body, recorder().audit)).toBe(secret);
  });

  it('fails a read whose audit fails, returning nothing', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    await sealed.seal(body, secret);
    const error = await rejection(() =>
      sealed.open(body, () => Promise.reject(new Error('the audit trail is unavailable'))),
    );
    expect(error).toEqual(new Error('the audit trail is unavailable'));
  });

  it('rotates every data key to a new key in one go; the old key opens nothing after', async () => {
    const store = await backend.open();
    const oldKey = generateKek();
    const sealed = await openSealedData(store, oldKey);
    const refs = Array.from(
      { length: 12 },
      (_, index) => ({ kind: 'determination', objectId: `det-${index}` }) as const,
    );
    for (const ref of refs) await sealed.seal(ref, `determination ${ref.objectId}`);
    await sealed.purge(refs[0]!, 'withdrawn');
    const before = await storedBytes(store, refs[1]!);
    const newKey = generateKek();

    expect(await rotateKek(store, oldKey, newKey)).toEqual({
      from: oldKey.id,
      to: newKey.id,
      rewrapped: 11,
    });

    const rotated = await openSealedData(store, newKey);
    for (const ref of refs.slice(1)) {
      expect(await rotated.openText(ref, recorder().audit)).toBe(`determination ${ref.objectId}`);
    }
    const after = await storedBytes(store, refs[1]!);
    expect(Buffer.from(after.ciphertext ?? []).equals(Buffer.from(before.ciphertext ?? []))).toBe(
      true,
    );
    expect(after.key_id).toBe(newKey.id);
    const stale = await sealedError(() => openSealedData(store, oldKey));
    expect(stale.code).toBe('wrong_key');
    expect(stale.message).toMatch(new RegExp(`${oldKey.id} was retired by a key rotation`));
    const { sealedData } = await import('./sealed-data.js');
    expect(
      (await sealedError(() => sealedData(store, oldKey).open(refs[1]!, recorder().audit))).code,
    ).toBe('wrong_key');
  });

  it('leaves everything as it was when a rotation fails part way', async () => {
    const store = await backend.open();
    const oldKey = generateKek();
    const sealed = await openSealedData(store, oldKey);
    for (let index = 0; index < 5; index += 1)
      await sealed.seal({ kind: 'determination', objectId: `det-${index}` }, 'x');
    await sql`update sealed_values set wrapped_key = set_byte(wrapped_key, 29, get_byte(wrapped_key, 29) # 255)
      where object_id = 'det-3'`.execute(store.db);
    const error = await sealedError(() => rotateKek(store, oldKey, generateKek()));
    expect(error).toMatchObject({ code: 'tampered', objectId: 'det-3' });
    const keys = await store.db.selectFrom('sealed_values').select('key_id').distinct().execute();
    expect(keys).toEqual([{ key_id: oldKey.id }]);
    expect(
      await sealed.openText({ kind: 'determination', objectId: 'det-1' }, recorder().audit),
    ).toBe('x');
  });

  it('refuses to rotate from a key that is not the active one', async () => {
    const store = await backend.open();
    await openSealedData(store, generateKek());
    const error = await sealedError(() => rotateKek(store, generateKek(), generateKek()));
    expect(error.message).toMatch(/active key is kek-[0-9a-f]{16}, not the old key given/);
  });

  it('purges a value for good, and says so when it is read', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek(), {
      now: () => new Date('2026-06-20T12:00:00Z'),
    });
    await sealed.seal(body, secret);
    expect(await sealed.purge(body, 'submission withdrawn')).toBe(true);
    expect(await sealed.purge(body, 'again')).toBe(false);

    const row = await storedBytes(store, body);
    expect(row).toMatchObject({
      ciphertext: null,
      wrapped_key: null,
      nonce: null,
      tag: null,
      key_id: null,
      purge_reason: 'submission withdrawn',
    });
    const { reads, audit } = recorder();
    const error = await sealedError(() => sealed.open(body, audit));
    expect(error.code).toBe('purged');
    expect(error.message).toBe(
      'sealed criteria-version-body criteria.v3: was purged at 2026-06-20T12:00:00.000Z (submission withdrawn)',
    );
    expect(reads).toEqual([{ ref: body, outcome: 'failed', failure: 'purged' }]);
  });

  it('purges within the caller transaction, undone when it rolls back', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    await sealed.seal(body, secret);
    await rejection(() =>
      store.transaction(async (tx) => {
        await sealed.purge(body, 'withdrawn', tx);
        throw new Error('the withdrawal failed');
      }),
    );
    expect(await sealed.openText(body, recorder().audit)).toBe(secret);
  });

  it('says a value does not exist, and refuses a bad reference', async () => {
    const store = await backend.open();
    const sealed = await openSealedData(store, generateKek());
    expect((await sealedError(() => sealed.open(body, recorder().audit))).code).toBe('not_found');
    const bad = await sealedError(() =>
      sealed.seal({ kind: 'password', objectId: 'u1' } as never, 'x'),
    );
    expect(bad.code).toBe('bad_reference');
    expect(bad.hint).toMatch(/use one of user-totp-secret/);
  });
});
