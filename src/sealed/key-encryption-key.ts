import type { KeyObject } from 'node:crypto';
import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { KeyFileError } from './errors/key-file-error.js';

/** The length of every key in the envelope scheme (AES-256). */
export const KEY_BYTES = 32;

/**
 * A key-encryption key: it wraps the data keys, never data. The key material sits in a
 * KeyObject, so it does not show up when the object is logged or inspected.
 */
export interface KeyEncryptionKey {
  /** A fingerprint (`kek-` + 16 hex digits) stored beside each wrapped key; not secret. */
  readonly id: string;
  readonly key: KeyObject;
}

/** The id of a key: an HMAC of a fixed label under the key, so it reveals nothing of it. */
function keyIdOf(bytes: Uint8Array): string {
  return `kek-${createHmac('sha256', bytes).update('vigil key id v1').digest('hex').slice(0, 16)}`;
}

/** A key-encryption key from its 32 raw bytes. */
export function kekFromBytes(
  bytes: Uint8Array,
  source = 'the key-encryption key',
): KeyEncryptionKey {
  if (bytes.length !== KEY_BYTES) {
    throw new KeyFileError(
      'malformed',
      source,
      `holds ${bytes.length} bytes instead of ${KEY_BYTES}`,
      {
        hint: 'a key is 32 random bytes in base64, e.g. from: openssl rand -base64 32',
      },
    );
  }
  return { id: keyIdOf(bytes), key: createSecretKey(Buffer.from(bytes)) };
}

/**
 * A key-encryption key from base64 text (a key file's content, or a value from the
 * environment); `source` names where it came from for error messages.
 */
export function kekFromBase64(text: string, source = 'the key-encryption key'): KeyEncryptionKey {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new KeyFileError('malformed', source, 'is not base64 text', {
      hint: 'a key is 32 random bytes in base64, e.g. from: openssl rand -base64 32',
    });
  }
  return kekFromBytes(Buffer.from(trimmed, 'base64'), source);
}

/** A new random key-encryption key. */
export function generateKek(): KeyEncryptionKey {
  return kekFromBytes(randomBytes(KEY_BYTES));
}

/** The key as base64, for writing a key file. */
export function kekToBase64(kek: KeyEncryptionKey): string {
  return kek.key.export().toString('base64');
}
