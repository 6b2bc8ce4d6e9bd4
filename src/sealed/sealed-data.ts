import { sql } from 'kysely';
import type { Executor, Store } from '../store/store.js';
import type { Envelope } from './envelope.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { SealedDataError } from './errors/sealed-data-error.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import type { AuditSealedRead } from './sealed-read.js';
import type { SealedRef } from './sealed-ref.js';
import { checkSealedRef } from './sealed-ref.js';

/**
 * Sealed values in the store: encrypted at rest under envelope encryption, every read audited.
 * Methods take an optional executor, so a value can be sealed or purged in the caller's
 * transaction (e.g. purge the access credential in the same transaction as the withdrawal).
 */
export interface SealedData {
  readonly keyId: string;
  /** Seals `plaintext` for `ref`, replacing any earlier value (or purge marker) there. */
  seal(ref: SealedRef, plaintext: Uint8Array | string, db?: Executor): Promise<void>;
  /**
   * Opens a sealed value. `audit` is called for every attempt before anything is returned;
   * a failure to audit fails the read.
   */
  open(ref: SealedRef, audit: AuditSealedRead, db?: Executor): Promise<Buffer>;
  /** `open`, decoded as UTF-8 text. */
  openText(ref: SealedRef, audit: AuditSealedRead, db?: Executor): Promise<string>;
  /**
   * Destroys a sealed value: its wrapped data key and ciphertext are cleared from the row, which
   * keeps only when and why. Returns false when there was nothing (left) to purge.
   */
  purge(ref: SealedRef, reason: string, db?: Executor): Promise<boolean>;
}

/** Reads the envelope row of `ref`; throws not_found or purged. */
async function readEnvelope(db: Executor, ref: SealedRef): Promise<Envelope> {
  const row = await db
    .selectFrom('sealed_values')
    .selectAll()
    .where('kind', '=', ref.kind)
    .where('object_id', '=', ref.objectId)
    .executeTakeFirst();
  if (row === undefined) {
    throw new SealedDataError('not_found', ref, 'there is no such sealed value', {
      hint: 'check the object id; the value may never have been sealed',
    });
  }
  if (row.purged_at !== null) {
    const reason = row.purge_reason === null ? '' : ` (${row.purge_reason})`;
    throw new SealedDataError(
      'purged',
      ref,
      `was purged at ${row.purged_at.toISOString()}${reason}`,
      {
        hint: 'a purged value is gone for good; it cannot be recovered',
      },
    );
  }
  const { key_id: keyId, wrapped_key: wrappedKey, nonce, tag, ciphertext } = row;
  if (
    keyId === null ||
    wrappedKey === null ||
    nonce === null ||
    tag === null ||
    ciphertext === null
  ) {
    throw new SealedDataError('tampered', ref, 'the row is missing parts of its envelope', {
      hint: 'restore the row from a backup',
    });
  }
  return { algorithm: row.algorithm, keyId, wrappedKey, nonce, tag, ciphertext };
}

/**
 * Sealed data over `store` with the key-encryption key `kek`. Call `registerKek` (or
 * `openSealedData`) first so a wrong key fails at start-up, not at the first read.
 */
export function sealedData(
  store: Store,
  kek: KeyEncryptionKey,
  options: { readonly now?: () => Date } = {},
): SealedData {
  const now = options.now ?? (() => new Date());
  const open = async (ref: SealedRef, audit: AuditSealedRead, db?: Executor): Promise<Buffer> => {
    checkSealedRef(ref);
    let plaintext: Buffer;
    try {
      plaintext = openEnvelope(kek, ref, await readEnvelope(db ?? store.db, ref));
    } catch (error) {
      if (error instanceof SealedDataError)
        await audit({ ref, outcome: 'failed', failure: error.code });
      throw error;
    }
    try {
      await audit({ ref, outcome: 'ok' });
    } catch (error) {
      plaintext.fill(0);
      throw error;
    }
    return plaintext;
  };
  return {
    keyId: kek.id,
    seal: async (ref, plaintext, db = store.db) => {
      checkSealedRef(ref);
      const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      const envelope = sealEnvelope(kek, ref, bytes);
      const columns = {
        algorithm: envelope.algorithm,
        key_id: envelope.keyId,
        wrapped_key: envelope.wrappedKey,
        nonce: envelope.nonce,
        tag: envelope.tag,
        ciphertext: envelope.ciphertext,
        sealed_at: now(),
        purged_at: null,
        purge_reason: null,
      };
      await db
        .insertInto('sealed_values')
        .values({ kind: ref.kind, object_id: ref.objectId, ...columns })
        .onConflict((conflict) => conflict.columns(['kind', 'object_id']).doUpdateSet(columns))
        .execute();
    },
    open,
    openText: async (ref, audit, db) => (await open(ref, audit, db)).toString('utf8'),
    purge: async (ref, reason, db = store.db) => {
      checkSealedRef(ref);
      const result = await db
        .updateTable('sealed_values')
        .set({
          key_id: null,
          wrapped_key: null,
          nonce: null,
          tag: null,
          ciphertext: null,
          purged_at: now(),
          purge_reason: reason,
        })
        .where('kind', '=', ref.kind)
        .where('object_id', '=', ref.objectId)
        .where('purged_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

/** How many sealed values each key-encryption key still wraps. */
export async function countSealedValuesByKey(db: Executor): Promise<ReadonlyMap<string, number>> {
  const rows = await db
    .selectFrom('sealed_values')
    .select(['key_id', sql<number>`count(*)`.as('count')])
    .where('key_id', 'is not', null)
    .groupBy('key_id')
    .execute();
  return new Map(rows.map((row) => [row.key_id ?? '', row.count]));
}
