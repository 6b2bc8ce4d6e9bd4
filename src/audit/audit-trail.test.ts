import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../test/support/errors.js';
import { describeEachBackend } from '../../test/support/store-backends.js';
import { AppendOnlyError } from '../store/errors/append-only-error.js';
import type { Store } from '../store/store.js';
import { hashAuditRecord, signAuditRecord } from './audit-record.js';
import { recordFromRow } from './audit-record-row.js';
import { auditPublicKey, generateAuditSigningKey, publicKeyText } from './audit-signing-key.js';
import { appendEntries, asSuperuser, testEntry, testMarking } from './testing/audit-fixtures.js';
import { openAuditTrail } from './audit-trail.js';
import { AuditEntryError } from './errors/audit-entry-error.js';
import { verifyAuditTrail } from './verify-audit-trail.js';

const serviceKey = generateAuditSigningKey();
const trustedKeys = [auditPublicKey(publicKeyText(serviceKey.publicKey))];

async function trailOf(store: Store, count: number) {
  const trail = await openAuditTrail(store, serviceKey);
  await appendEntries(trail, count);
  return trail;
}

async function rowOf(store: Store, seq: number) {
  return store.db
    .selectFrom('audit_records')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
}

/** SQL text literal. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

describeEachBackend('audit trail', (backend) => {
  it('appends numbered, chained, signed records that verify', async () => {
    const store = await backend.open();
    const trail = await openAuditTrail(store, serviceKey, {
      now: () => new Date('2026-06-02T09:00:00.123Z'),
    });
    const first = await trail.append(testEntry(1));
    const second = await trail.append({
      actor: 'system',
      action: 'window.close',
      source: 'worker 7@host',
      outcome: 'ok',
    });

    expect(first).toMatchObject({
      sequence: 1,
      at: '2026-06-02T09:00:00.123Z',
      previousHash: '0'.repeat(64),
      objectMarking: testMarking,
      keyId: serviceKey.keyId,
    });
    expect(second).toMatchObject({
      sequence: 2,
      previousHash: first.hash,
      objectId: null,
      objectMarking: null,
      details: {},
    });
    expect(recordFromRow(await rowOf(store, 1))).toEqual(first);
    expect(await verifyAuditTrail(store)).toEqual({
      ok: true,
      count: 2,
      head: { sequence: 2, hash: second.hash },
    });
    expect(await verifyAuditTrail(store, { trustedKeys })).toMatchObject({ ok: true, count: 2 });
  });

  it('verifies an empty trail', async () => {
    const store = await backend.open();
    expect(await verifyAuditTrail(store)).toEqual({
      ok: true,
      count: 0,
      head: { sequence: 0, hash: '0'.repeat(64) },
    });
  });

  it('verifies in batches across batch boundaries', async () => {
    const store = await backend.open();
    await trailOf(store, 7);
    expect(await verifyAuditTrail(store, { batchSize: 3 })).toMatchObject({ ok: true, count: 7 });
  });

  it('refuses a bad entry before writing anything', async () => {
    const store = await backend.open();
    const trail = await openAuditTrail(store, serviceKey);
    const cases = [
      [{ ...testEntry(1), action: 'Read Sealed' }, 'action'],
      [{ ...testEntry(1), actor: '' }, 'actor'],
      [{ ...testEntry(1), source: 'a\0b' }, 'source'],
      [{ ...testEntry(1), details: { when: new Date() } }, 'details.when'],
      [{ ...testEntry(1), details: { n: Number.NaN } }, 'details.n'],
      [
        { ...testEntry(1), objectMarking: { ...testMarking, level: 'COSMIC' } },
        'objectMarking.level',
      ],
    ] as const;
    for (const [entry, field] of cases) {
      const error = await rejection(() => trail.append(entry as never));
      expect(error, field).toBeInstanceOf(AuditEntryError);
      expect((error as AuditEntryError).field).toBe(field);
    }
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, count: 0 });
  });

  it('records inside a caller transaction, and forgets the record when it rolls back', async () => {
    const store = await backend.open();
    const trail = await openAuditTrail(store, serviceKey);
    await store.transaction(async (tx) => {
      await trail.append(testEntry(1), tx);
      await trail.append(testEntry(2), tx);
    });
    await rejection(() =>
      store.transaction(async (tx) => {
        await trail.append(testEntry(3), tx);
        throw new Error('the audited change failed');
      }),
    );
    const third = await trail.append(testEntry(4));
    expect(third.sequence).toBe(3);
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, count: 3 });
  });

  it('refuses UPDATE and DELETE through the database itself', async () => {
    const store = await backend.open();
    await trailOf(store, 2);
    expect(
      await rejection(() =>
        store.db.updateTable('audit_records').set({ actor: 'someone else' }).execute(),
      ),
    ).toBeInstanceOf(AppendOnlyError);
    expect(
      await rejection(() => store.db.deleteFrom('audit_records').where('seq', '=', 2).execute()),
    ).toBeInstanceOf(AppendOnlyError);
    expect(await rejection(() => store.db.deleteFrom('audit_keys').execute())).toBeInstanceOf(
      AppendOnlyError,
    );
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, count: 2 });
  });

  it('names a record whose field was edited', async () => {
    const store = await backend.open();
    await trailOf(store, 6);
    await asSuperuser(store, [`update audit_records set outcome = 'allowed' where seq = 4`]);
    expect(await verifyAuditTrail(store)).toEqual({
      ok: false,
      count: 3,
      failure: {
        sequence: 4,
        reason: 'edited',
        message: expect.stringMatching(/record 4's content does not match its hash/) as string,
      },
    });
  });

  it('names an edit of the details or the marking', async () => {
    const store = await backend.open();
    await trailOf(store, 6);
    await asSuperuser(store, [
      `update audit_records set details = replace(details, '"entry 2"', '"entry 9"') where seq = 2`,
    ]);
    expect(await verifyAuditTrail(store)).toMatchObject({
      ok: false,
      failure: { sequence: 2, reason: 'edited' },
    });
  });

  it('names a deleted record', async () => {
    const store = await backend.open();
    await trailOf(store, 6);
    await asSuperuser(store, ['delete from audit_records where seq = 3']);
    expect(await verifyAuditTrail(store)).toEqual({
      ok: false,
      count: 2,
      failure: {
        sequence: 3,
        reason: 'missing',
        message: 'record 3 is missing (deleted): the next stored record is 4',
      },
    });
  });

  it('names records that were swapped', async () => {
    const store = await backend.open();
    await trailOf(store, 6);
    const columns = [
      'at',
      'actor',
      'action',
      'source',
      'outcome',
      'object_id',
      'object_marking',
      'details',
      'previous_hash',
      'hash',
      'key_id',
      'signature',
    ];
    const swap = columns.map((column) => `${column} = other.${column}`).join(', ');
    await asSuperuser(store, [
      `create temporary table swapped on commit drop as select * from audit_records where seq in (3, 4)`,
      // Out of the unique index's way first.
      `update audit_records set hash = hash || '-' where seq in (3, 4)`,
      `update audit_records set ${swap} from swapped as other where audit_records.seq + other.seq = 7`,
    ]);
    expect(await verifyAuditTrail(store)).toEqual({
      ok: false,
      count: 2,
      failure: {
        sequence: 3,
        reason: 'reordered',
        message: 'record 3 chains to record 4, not to record 2: records were moved',
      },
    });
  });

  it('names a record re-signed with another key, trusted or not', async () => {
    const store = await backend.open();
    await trailOf(store, 6);
    const intruder = generateAuditSigningKey();
    const original = recordFromRow(await rowOf(store, 4));
    const forged = {
      ...original,
      details: { ...original.details, note: 'nothing happened' },
      keyId: intruder.keyId,
    };
    const hash = hashAuditRecord(forged);
    await asSuperuser(store, [
      `update audit_records set details = ${literal(JSON.stringify(forged.details))}, key_id = ${literal(intruder.keyId)},
        hash = ${literal(hash)}, signature = ${literal(signAuditRecord(intruder, hash))} where seq = 4`,
    ]);
    expect(await verifyAuditTrail(store)).toMatchObject({
      ok: false,
      count: 3,
      failure: {
        sequence: 4,
        reason: 'wrong_key',
        message: `record 4 is signed by ${intruder.keyId}, which is not a trusted audit key`,
      },
    });

    // The intruder also plants their public key: the stored keys now vouch for the record, the
    // chain still breaks at the next one, and a verifier holding the real key names record 4.
    await asSuperuser(store, [
      `insert into audit_keys values (${literal(intruder.keyId)}, ${literal(publicKeyText(intruder.publicKey))}, now())`,
    ]);
    expect(await verifyAuditTrail(store)).toMatchObject({
      ok: false,
      failure: { sequence: 5, reason: 'broken_chain' },
    });
    expect(await verifyAuditTrail(store, { trustedKeys })).toMatchObject({
      ok: false,
      failure: { sequence: 4, reason: 'wrong_key' },
    });
  });

  it('names a record whose signature was replaced under the service key id', async () => {
    const store = await backend.open();
    await trailOf(store, 5);
    const intruder = generateAuditSigningKey();
    const row = await rowOf(store, 2);
    await asSuperuser(store, [
      `update audit_records set signature = ${literal(signAuditRecord(intruder, row.hash))} where seq = 2`,
    ]);
    expect(await verifyAuditTrail(store)).toMatchObject({
      ok: false,
      count: 1,
      failure: { sequence: 2, reason: 'bad_signature' },
    });
  });

  it('names the first missing record when the tail was cut off', async () => {
    const store = await backend.open();
    await trailOf(store, 6);
    await asSuperuser(store, ['delete from audit_records where seq > 3']);
    expect(await verifyAuditTrail(store)).toEqual({
      ok: false,
      count: 3,
      failure: {
        sequence: 4,
        reason: 'truncated',
        message: 'records 4 to 6 are missing: the trail ends at 3 but its head says 6',
      },
    });
  });

  it('names a head rolled back without its signature', async () => {
    const store = await backend.open();
    await trailOf(store, 4);
    const third = await rowOf(store, 3);
    await asSuperuser(store, [
      'delete from audit_records where seq = 4',
      `update audit_head set seq = 3, hash = ${literal(third.hash)} where id = 1`,
    ]);
    expect(await verifyAuditTrail(store)).toMatchObject({
      ok: false,
      count: 3,
      failure: { sequence: 3, reason: 'bad_head' },
    });
  });

  it('catches a cut tail under an old, validly signed head only with a checkpoint', async () => {
    const store = await backend.open();
    const trail = await trailOf(store, 3);
    const oldHead = await store.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    const fourth = await trail.append(testEntry(4));
    const checkpoint = { sequence: 4, hash: fourth.hash };
    await asSuperuser(store, [
      'delete from audit_records where seq = 4',
      `update audit_head set seq = 3, hash = ${literal(oldHead.hash)},
        signature = ${literal(oldHead.signature ?? '')} where id = 1`,
    ]);
    // The database alone cannot tell this from a trail that ended at 3: the reason to keep
    // checkpoints (the verified head) outside it.
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, count: 3 });
    expect(await verifyAuditTrail(store, { checkpoint })).toMatchObject({
      ok: false,
      count: 3,
      failure: { sequence: 4, reason: 'truncated' },
    });
  });

  it('names a record that differs from a checkpoint', async () => {
    const store = await backend.open();
    await trailOf(store, 3);
    const checkpoint = { sequence: 2, hash: 'a'.repeat(64) };
    expect(await verifyAuditTrail(store, { checkpoint })).toMatchObject({
      ok: false,
      count: 1,
      failure: { sequence: 2, reason: 'checkpoint_mismatch' },
    });
  });

  it('names a record appended around the lock, beyond the head', async () => {
    const store = await backend.open();
    await trailOf(store, 2);
    const row = await rowOf(store, 2);
    await asSuperuser(store, [
      `insert into audit_records select 3, at, actor, action, source, outcome, object_id, object_marking,
        details, hash, hash || '-stray', key_id, signature from audit_records where seq = 2`,
    ]);
    expect(row.seq).toBe(2);
    expect(await verifyAuditTrail(store)).toMatchObject({
      ok: false,
      count: 2,
      failure: { sequence: 3, reason: 'unaccounted' },
    });
  });

  it('keeps a gap-free chain under many appends at once, from several connections', async () => {
    const store = await backend.open();
    const peers = await backend.peers(store, 4);
    const trails = await Promise.all(peers.map((peer) => openAuditTrail(peer, serviceKey)));
    const records = await Promise.all(
      Array.from({ length: 120 }, (_, index) =>
        trails[index % trails.length]!.append(testEntry(index + 1)),
      ),
    );
    expect(records.map((record) => record.sequence).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 120 }, (_, index) => index + 1),
    );
    expect(await verifyAuditTrail(store, { trustedKeys })).toMatchObject({
      ok: true,
      count: 120,
      head: { sequence: 120 },
    });
    const stored = await sql<{
      count: number;
    }>`select count(*) as count from audit_records`.execute(store.db);
    expect(stored.rows[0]?.count).toBe(120);
  });
});
