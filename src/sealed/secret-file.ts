import { mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeyFileError } from './errors/key-file-error.js';

/**
 * Reads a file holding a secret; `undefined` when it does not exist. Like ssh with its keys, it
 * refuses a file that other users may read or write: a key anyone can copy protects nothing.
 */
export async function readSecretFile(path: string): Promise<string | undefined> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new KeyFileError('unreadable', path, 'cannot be read', { cause: error });
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new KeyFileError('too_open', path, `other users may read or write it (mode ${octal})`, {
      hint: `run: chmod 600 ${path}`,
    });
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new KeyFileError('unreadable', path, 'cannot be read', {
      hint: 'run Vigil as the user that owns the key file',
      cause: error,
    });
  }
}

/**
 * Creates a secret file, mode 0600, in a directory created with mode 0700 when missing. Returns
 * false, writing nothing, when the file exists already (another process may have just made it).
 */
export async function createSecretFile(path: string, contents: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let file;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new KeyFileError('unreadable', path, 'cannot be created', { cause: error });
  }
  try {
    await file.writeFile(contents);
    await file.sync();
  } finally {
    await file.close();
  }
  return true;
}
