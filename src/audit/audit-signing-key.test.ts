import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejection } from '../../test/support/errors.js';
import { useTempDir } from '../../test/support/temp-dir.js';
import { KeyFileError } from '../sealed/errors/key-file-error.js';
import { signAuditRecord, verifyAuditRecordSignature } from './audit-record.js';
import {
  auditPublicKey,
  generateAuditSigningKey,
  loadOrCreateAuditSigningKeyFile,
  publicKeyText,
} from './audit-signing-key.js';

const temp = useTempDir('vigil-audit-key-');

describe('the audit signing key file', () => {
  it('is created on first use with its public key beside it', async () => {
    const path = join(temp.path, 'audit-signing.key');
    const notices: string[] = [];
    const key = await loadOrCreateAuditSigningKeyFile(path, {
      onCreated: (notice) => notices.push(notice),
    });

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(notices[0]).toMatch(
      new RegExp(
        `created a new audit signing key ${key.keyId} in .* and its public key in ${path}\\.pub`,
      ),
    );
    const published = auditPublicKey(await readFile(`${path}.pub`, 'utf8'), `${path}.pub`);
    expect(published.keyId).toBe(key.keyId);
    const signature = signAuditRecord(key, 'ab'.repeat(32));
    expect(verifyAuditRecordSignature(published, 'ab'.repeat(32), signature)).toBe(true);
    expect(verifyAuditRecordSignature(published, 'cd'.repeat(32), signature)).toBe(false);
  });

  it('is read again, not replaced', async () => {
    const path = join(temp.path, 'audit-signing.key');
    const first = await loadOrCreateAuditSigningKeyFile(path);
    const second = await loadOrCreateAuditSigningKeyFile(path);
    expect(second.keyId).toBe(first.keyId);
  });

  it('is refused when others may read it, or when it is not an Ed25519 key', async () => {
    const path = join(temp.path, 'audit-signing.key');
    await loadOrCreateAuditSigningKeyFile(path);
    await chmod(path, 0o640);
    expect(await rejection(() => loadOrCreateAuditSigningKeyFile(path))).toMatchObject({
      code: 'too_open',
    });

    const { generateKeyPairSync } = await import('node:crypto');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    const wrong = await temp.write('rsa.key', rsa);
    await chmod(wrong, 0o600);
    const error = await rejection(() => loadOrCreateAuditSigningKeyFile(wrong));
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as KeyFileError).message).toBe(`${wrong}: holds a rsa key, not Ed25519`);
  });

  it('derives key ids from the key, so a label cannot vouch for another key', () => {
    const key = generateAuditSigningKey();
    expect(key.keyId).toMatch(/^audit-[0-9a-f]{16}$/);
    expect(auditPublicKey(publicKeyText(key.publicKey)).keyId).toBe(key.keyId);
    expect(auditPublicKey(publicKeyText(generateAuditSigningKey().publicKey)).keyId).not.toBe(
      key.keyId,
    );
  });
});
