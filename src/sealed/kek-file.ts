import type { KeyEncryptionKey } from './key-encryption-key.js';
import { generateKek, kekFromBase64, kekToBase64 } from './key-encryption-key.js';
import { createSecretFile, readSecretFile } from './secret-file.js';

/**
 * Loads the key-encryption key from a key file (32 random bytes in base64, mode 0600), creating
 * the file with a new key on first use and telling `onCreated` so, so the operator can back it up.
 */
export async function loadOrCreateKekFile(
  path: string,
  options: { readonly onCreated?: (notice: string) => void } = {},
): Promise<KeyEncryptionKey> {
  const existing = await readSecretFile(path);
  if (existing !== undefined) return kekFromBase64(existing, path);
  const kek = generateKek();
  if (await createSecretFile(path, `${kekToBase64(kek)}\n`)) {
    options.onCreated?.(
      `created a new key-encryption key ${kek.id} in ${path} (mode 0600); back it up: ` +
        'sealed data cannot be read without it',
    );
    return kek;
  }
  // Another process created it between our read and our write: use theirs.
  return kekFromBase64((await readSecretFile(path)) ?? '', path);
}
