import type { Store } from '../store/store.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import { registerKek } from './register-kek.js';
import type { SealedData } from './sealed-data.js';
import { sealedData } from './sealed-data.js';

/** Checks (or registers) the key-encryption key, then gives the store's sealed data. */
export async function openSealedData(
  store: Store,
  kek: KeyEncryptionKey,
  options: { readonly now?: () => Date } = {},
): Promise<SealedData> {
  await registerKek(store, kek, options);
  return sealedData(store, kek, options);
}
