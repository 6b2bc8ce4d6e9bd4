import { SealedDataError } from './errors/sealed-data-error.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import type { Store } from '../store/store.js';

const storeTarget = { kind: 'store', objectId: 'key-encryption-key' };

/**
 * Makes `kek` the store's key-encryption key if it has none yet, and otherwise checks that it
 * is the active one, so a wrong or stale key fails at start-up with a clear message rather
 * than at the first read.
 */
export async function registerKek(
  store: Store,
  kek: KeyEncryptionKey,
  options: { readonly now?: () => Date } = {},
): Promise<void> {
  const now = options.now ?? (() => new Date());
  await store.transaction(async (tx) => {
    const keys = await tx.selectFrom('sealed_keys').selectAll().forUpdate().execute();
    const given = keys.find((key) => key.key_id === kek.id);
    const active = keys.find((key) => key.retired_at === null);
    if (given !== undefined && given.retired_at !== null) {
      throw new SealedDataError(
        'wrong_key',
        storeTarget,
        `${kek.id} was retired by a key rotation at ${given.retired_at.toISOString()}` +
          (active === undefined ? '' : `; the store now uses ${active.key_id}`),
        { hint: 'use the key the rotation moved to; the old key no longer opens anything' },
      );
    }
    if (active !== undefined && active.key_id !== kek.id) {
      throw new SealedDataError(
        'wrong_key',
        storeTarget,
        `the store's sealed data is under ${active.key_id}, but the key given is ${kek.id}`,
        {
          hint:
            'point Vigil at the key file this store was created with (a missing key file is ' +
            'replaced by a new, different key); to change keys, run a rotation with both',
        },
      );
    }
    if (active === undefined) {
      await tx.insertInto('sealed_keys').values({ key_id: kek.id, created_at: now() }).execute();
    }
  });
}
