import { chmod, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rejection, thrown } from '../../test/support/errors.js';
import { useTempDir } from '../../test/support/temp-dir.js';
import { KeyFileError } from './errors/key-file-error.js';
import { kekFromBase64, kekToBase64 } from './key-encryption-key.js';
import { loadOrCreateKekFile } from './kek-file.js';

const temp = useTempDir('vigil-kek-');

describe('the key-encryption key file', () => {
  it('is created on first use, mode 0600 in a 0700 directory, with a notice', async () => {
    const path = join(temp.path, 'keys', 'kek');
    const notices: string[] = [];
    const kek = await loadOrCreateKekFile(path, { onCreated: (notice) => notices.push(notice) });

    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(temp.path, 'keys'))).mode & 0o777).toBe(0o700);
    expect(Buffer.from((await readFile(path, 'utf8')).trim(), 'base64')).toHaveLength(32);
    expect(notices).toEqual([
      `created a new key-encryption key ${kek.id} in ${path} (mode 0600); back it up: sealed data cannot be read without it`,
    ]);
    expect(kek.id).toMatch(/^kek-[0-9a-f]{16}$/);
  });

  it('is read, not replaced, when it exists', async () => {
    const path = join(temp.path, 'kek');
    const first = await loadOrCreateKekFile(path);
    const notices: string[] = [];
    const second = await loadOrCreateKekFile(path, { onCreated: (notice) => notices.push(notice) });
    expect(second.id).toBe(first.id);
    expect(kekToBase64(second)).toBe(kekToBase64(first));
    expect(notices).toEqual([]);
  });

  it('gives one key to callers racing to create it', async () => {
    const path = join(temp.path, 'kek');
    const keys = await Promise.all(Array.from({ length: 5 }, () => loadOrCreateKekFile(path)));
    expect(new Set(keys.map((key) => key.id)).size).toBe(1);
  });

  it('is refused when other users may read it', async () => {
    const path = join(temp.path, 'kek');
    await loadOrCreateKekFile(path);
    await chmod(path, 0o644);
    const error = await rejection(() => loadOrCreateKekFile(path));
    expect(error).toBeInstanceOf(KeyFileError);
    expect((error as KeyFileError).describe()).toBe(
      `${path}: other users may read or write it (mode 0644) — run: chmod 600 ${path}`,
    );
  });

  it('is refused when it does not hold 32 bytes of base64', async () => {
    const short = await temp.write('short', Buffer.alloc(16).toString('base64'));
    await chmod(short, 0o600);
    const error = await rejection(() => loadOrCreateKekFile(short));
    expect((error as KeyFileError).message).toBe(`${short}: holds 16 bytes instead of 32`);
    expect(thrown(() => kekFromBase64('not base64!', 'VIGIL_KEK'))).toMatchObject({
      code: 'malformed',
      message: 'VIGIL_KEK: is not base64 text',
    });
  });

  it('keeps the key material out of logs', async () => {
    const kek = await loadOrCreateKekFile(join(temp.path, 'kek'));
    const { inspect } = await import('node:util');
    expect(inspect(kek)).not.toContain(kekToBase64(kek));
    expect(JSON.stringify(kek)).not.toContain(kekToBase64(kek));
  });
});
