import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SealedDataError } from './errors/sealed-data-error.js';
import type { KeyEncryptionKey } from './key-encryption-key.js';
import { KEY_BYTES } from './key-encryption-key.js';
import type { SealedRef } from './sealed-ref.js';

/**
 * Version 1: AES-256-GCM with a fresh 256-bit data key per value, the data key itself wrapped
 * by AES-256-GCM under the key-encryption key; 96-bit random nonces, 128-bit tags.
 */
export const ENVELOPE_ALGORITHM = 1;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

/** A sealed value as stored: everything needed to open it, given the right key. */
export interface Envelope {
  readonly algorithm: number;
  /** The key-encryption key that wrapped the data key. */
  readonly keyId: string;
  /** The data key, wrapped: nonce, tag, then the encrypted key. */
  readonly wrappedKey: Uint8Array;
  readonly nonce: Uint8Array;
  readonly tag: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/**
 * Associated data binds each layer to its object: a ciphertext or a wrapped key copied into
 * another row (another kind or id) fails authentication instead of opening as the wrong value.
 */
function dataAad(ref: SealedRef): Buffer {
  return Buffer.from(`vigil sealed v1\0data\0${ref.kind}\0${ref.objectId}`, 'utf8');
}

function keyAad(kek: KeyEncryptionKey, ref: SealedRef): Buffer {
  return Buffer.from(`vigil sealed v1\0key\0${kek.id}\0${ref.kind}\0${ref.objectId}`, 'utf8');
}

function encrypt(
  key: Parameters<typeof createCipheriv>[1],
  plaintext: Uint8Array,
  aad: Buffer,
): { nonce: Buffer; tag: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(CIPHER, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, tag: cipher.getAuthTag(), ciphertext };
}

/** Decrypts and authenticates; `undefined` when the tag does not match. */
function decrypt(
  key: Parameters<typeof createDecipheriv>[1],
  parts: { nonce: Uint8Array; tag: Uint8Array; ciphertext: Uint8Array },
  aad: Buffer,
): Buffer | undefined {
  if (parts.nonce.length !== NONCE_BYTES || parts.tag.length !== TAG_BYTES) return undefined;
  const decipher = createDecipheriv(CIPHER, key, parts.nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(parts.tag);
  try {
    return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]);
  } catch {
    return undefined;
  }
}

function wrapKey(kek: KeyEncryptionKey, ref: SealedRef, dataKey: Uint8Array): Buffer {
  const { nonce, tag, ciphertext } = encrypt(kek.key, dataKey, keyAad(kek, ref));
  return Buffer.concat([nonce, tag, ciphertext]);
}

function tampered(ref: SealedRef, what: string): SealedDataError {
  return new SealedDataError(
    'tampered',
    ref,
    `${what} failed its integrity check: the stored bytes were altered, or copied from another object`,
    {
      hint: 'do not trust this row; restore it from a backup and check the audit trail for who wrote it',
    },
  );
}

function unwrapKey(kek: KeyEncryptionKey, ref: SealedRef, envelope: Envelope): Buffer {
  if (envelope.algorithm !== ENVELOPE_ALGORITHM) {
    throw new SealedDataError(
      'unsupported_algorithm',
      ref,
      `was sealed with algorithm version ${envelope.algorithm}, which this build does not know`,
      { hint: 'read it with the Vigil release that wrote it, or a newer one' },
    );
  }
  if (envelope.keyId !== kek.id) {
    throw new SealedDataError(
      'wrong_key',
      ref,
      `was sealed under key-encryption key ${envelope.keyId}, but the key given is ${kek.id}`,
      {
        hint:
          'check that the key file (or the key passed in) is the one this store uses; ' +
          'after a rotation, use the new key',
      },
    );
  }
  const wrapped = envelope.wrappedKey;
  const dataKey = decrypt(
    kek.key,
    {
      nonce: wrapped.subarray(0, NONCE_BYTES),
      tag: wrapped.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES),
      ciphertext: wrapped.subarray(NONCE_BYTES + TAG_BYTES),
    },
    keyAad(kek, ref),
  );
  if (dataKey?.length !== KEY_BYTES) throw tampered(ref, 'its wrapped data key');
  return dataKey;
}

/** Seals `plaintext` for `ref` under a new data key wrapped by `kek`. */
export function sealEnvelope(
  kek: KeyEncryptionKey,
  ref: SealedRef,
  plaintext: Uint8Array,
): Envelope {
  const dataKey = randomBytes(KEY_BYTES);
  try {
    const { nonce, tag, ciphertext } = encrypt(dataKey, plaintext, dataAad(ref));
    return {
      algorithm: ENVELOPE_ALGORITHM,
      keyId: kek.id,
      wrappedKey: wrapKey(kek, ref, dataKey),
      nonce,
      tag,
      ciphertext,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Opens an envelope; a wrong key, altered bytes or a value moved from another row throw. */
export function openEnvelope(kek: KeyEncryptionKey, ref: SealedRef, envelope: Envelope): Buffer {
  const dataKey = unwrapKey(kek, ref, envelope);
  try {
    const plaintext = decrypt(dataKey, envelope, dataAad(ref));
    if (plaintext === undefined) throw tampered(ref, 'its ciphertext');
    return plaintext;
  } finally {
    dataKey.fill(0);
  }
}

/** The same envelope with its data key wrapped by `to` instead of `from`; the data is untouched. */
export function rewrapEnvelope(
  from: KeyEncryptionKey,
  to: KeyEncryptionKey,
  ref: SealedRef,
  envelope: Envelope,
): Envelope {
  const dataKey = unwrapKey(from, ref, envelope);
  try {
    return { ...envelope, keyId: to.id, wrappedKey: wrapKey(to, ref, dataKey) };
  } finally {
    dataKey.fill(0);
  }
}
