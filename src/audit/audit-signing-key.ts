import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { KeyFileError } from '../sealed/errors/key-file-error.js';
import { createSecretFile, readSecretFile } from '../sealed/secret-file.js';

/** A public audit key: enough to verify, nothing to sign with. */
export interface AuditPublicKey {
  /** `audit-` + 16 hex digits of the SHA-256 of the public key; derived, never trusted as given. */
  readonly keyId: string;
  readonly publicKey: KeyObject;
}

/** The service's Ed25519 audit signing key. */
export interface AuditSigningKey extends AuditPublicKey {
  readonly privateKey: KeyObject;
}

/** The public key as base64 DER (SubjectPublicKeyInfo), the form stored in `audit_keys`. */
export function publicKeyText(publicKey: KeyObject): string {
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

function keyIdOf(publicKey: KeyObject): string {
  const digest = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' }));
  return `audit-${digest.digest('hex').slice(0, 16)}`;
}

function checkEd25519(key: KeyObject, source: string): void {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new KeyFileError(
      'malformed',
      source,
      `holds a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not Ed25519`,
      {
        hint: 'create one with: openssl genpkey -algorithm ed25519',
      },
    );
  }
}

/** An audit signing key from its private key. */
export function auditSigningKey(
  privateKey: KeyObject,
  source = 'the audit signing key',
): AuditSigningKey {
  checkEd25519(privateKey, source);
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), publicKey, privateKey };
}

/** A public audit key from a PEM file's text or from base64 DER (as stored in the database). */
export function auditPublicKey(text: string, source = 'the audit public key'): AuditPublicKey {
  let publicKey: KeyObject;
  try {
    publicKey = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
  } catch (error) {
    throw new KeyFileError('malformed', source, 'is not a public key (PEM, or base64 DER)', {
      hint: 'use the .pub file written beside the audit signing key',
      cause: error,
    });
  }
  checkEd25519(publicKey, source);
  return { keyId: keyIdOf(publicKey), publicKey };
}

/** A new random audit signing key. */
export function generateAuditSigningKey(): AuditSigningKey {
  return auditSigningKey(generateKeyPairSync('ed25519').privateKey);
}

/**
 * Loads the audit signing key from a PEM file (PKCS #8, mode 0600), creating it on first use
 * together with `<path>.pub`, the public key for verifiers, and telling `onCreated`.
 */
export async function loadOrCreateAuditSigningKeyFile(
  path: string,
  options: { readonly onCreated?: (notice: string) => void } = {},
): Promise<AuditSigningKey> {
  const existing = await readSecretFile(path);
  if (existing !== undefined) return signingKeyFromPem(existing, path);
  const key = generateAuditSigningKey();
  const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  if (!(await createSecretFile(path, pem))) {
    return signingKeyFromPem((await readSecretFile(path)) ?? '', path);
  }
  await writeFile(`${path}.pub`, key.publicKey.export({ format: 'pem', type: 'spki' }).toString(), {
    mode: 0o644,
  });
  options.onCreated?.(
    `created a new audit signing key ${key.keyId} in ${path} (mode 0600) and its public key in ` +
      `${path}.pub; back the key up, and give the .pub file to whoever verifies the audit trail`,
  );
  return key;
}

function signingKeyFromPem(pem: string, source: string): AuditSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new KeyFileError('malformed', source, 'is not a PEM private key', {
      hint: 'restore the audit signing key from its backup, or move the file away to create a new one',
      cause: error,
    });
  }
  return auditSigningKey(privateKey, source);
}
