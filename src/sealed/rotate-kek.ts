import { SealedDataError } from './errors/sealed-data-error.js';
import type { Envelope } from './envelope.js';
import { rewrapEnvelope } from './envelope.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import type { SealedRef } from './sealed-ref.js';
import { checkSealedRef } from './sealed-ref.js';
import type { Store } from '../store/store.js';

/** What a rotation did. */
export interface KekRotation {
  readonly from: string;
  readonly to: string;
  /** Data keys re-wrapped from the old key to the new. */
  readonly rewrapped: number;
}

const BATCH = 500;

/**
 * Re-wraps every data key from `from` to `to` in one transaction, then retires `from`. The
 * data itself is not re-encrypted (envelope encryption: only the 60-byte wrapped keys change).
 * Either every value moves or, on any failure, none does. Once the old key is destroyed,
 * copies of the database taken before the rotation can no longer be opened.
 */
export async function rotateKek(
  store: Store,
  from: KeyEncryptionKey,
  to: KeyEncryptionKey,
  options: { readonly now?: () => Date } = {},
): Promise<KekRotation> {
  const target = { kind: 'store', objectId: 'key-encryption-key' };
  if (from.id === to.id) {
    throw new SealedDataError(
      'wrong_key',
      target,
      `the old and the new key are the same (${to.id})`,
      {
        hint: 'generate a new key first (openssl rand -base64 32) and pass it as the new key',
      },
    );
  }
  const now = (options.now ?? (() => new Date()))();
  return store.transaction(async (tx) => {
    const keys = await tx.selectFrom('sealed_keys').selectAll().forUpdate().execute();
    const active = keys.find((key) => key.retired_at === null);
    if (active !== undefined && active.key_id !== from.id) {
      throw new SealedDataError(
        'wrong_key',
        target,
        `the store's active key is ${active.key_id}, not the old key given (${from.id})`,
        { hint: 'pass the key the store uses now as the old key' },
      );
    }
    if (keys.some((key) => key.key_id === to.id)) {
      throw new SealedDataError('wrong_key', target, `the new key ${to.id} was used before`, {
        hint: 'rotate to a freshly generated key',
      });
    }
    if (active !== undefined) {
      await tx
        .updateTable('sealed_keys')
        .set({ retired_at: now })
        .where('key_id', '=', from.id)
        .execute();
    }
    await tx.insertInto('sealed_keys').values({ key_id: to.id, created_at: now }).execute();

    let rewrapped = 0;
    let after: { kind: string; objectId: string } | undefined;
    for (;;) {
      let query = tx
        .selectFrom('sealed_values')
        .select([
          'kind',
          'object_id',
          'algorithm',
          'key_id',
          'wrapped_key',
          'nonce',
          'tag',
          'ciphertext',
        ])
        .where('purged_at', 'is', null)
        .orderBy('kind')
        .orderBy('object_id')
        .limit(BATCH)
        .forUpdate();
      if (after !== undefined) {
        const { kind, objectId } = after;
        query = query.where((eb) =>
          eb.or([
            eb('kind', '>', kind),
            eb.and([eb('kind', '=', kind), eb('object_id', '>', objectId)]),
          ]),
        );
      }
      const rows = await query.execute();
      for (const row of rows) {
        const ref = checkSealedRef({ kind: row.kind, objectId: row.object_id } as SealedRef);
        if (
          row.key_id === null ||
          row.wrapped_key === null ||
          row.nonce === null ||
          row.tag === null ||
          row.ciphertext === null
        ) {
          throw new SealedDataError('tampered', ref, 'the row is missing parts of its envelope', {
            hint: 'restore the row from a backup, then rotate again',
          });
        }
        const envelope: Envelope = {
          algorithm: row.algorithm,
          keyId: row.key_id,
          wrappedKey: row.wrapped_key,
          nonce: row.nonce,
          tag: row.tag,
          ciphertext: row.ciphertext,
        };
        const moved = rewrapEnvelope(from, to, ref, envelope);
        await tx
          .updateTable('sealed_values')
          .set({ key_id: moved.keyId, wrapped_key: moved.wrappedKey })
          .where('kind', '=', row.kind)
          .where('object_id', '=', row.object_id)
          .execute();
        rewrapped += 1;
      }
      const last = rows.at(-1);
      if (last === undefined || rows.length < BATCH) break;
      after = { kind: last.kind, objectId: last.object_id };
    }
    return { from: from.id, to: to.id, rewrapped };
  });
}
