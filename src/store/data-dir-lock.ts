import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreLockedError } from './errors/store-locked-error.js';

/** The lock file's name inside an embedded data directory. */
export const LOCK_FILE_NAME = 'vigil-store.lock';

/** A held lock on a data directory; `release` removes the lock file. */
export interface DataDirLock {
  readonly path: string;
  release(): Promise<void>;
}

interface LockOwner {
  readonly pid: number;
  readonly host: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readOwner(path: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string'
      ? { pid: owner.pid, host: owner.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory for this process: PGlite itself lets two instances open one
 * directory, which corrupts it. A lock left by a process that has died is taken over; a lock
 * held by a live process (this one included) is refused with StoreLockedError.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE_NAME);
  const me: LockOwner = { pid: process.pid, host: hostname() };
  // Written aside and linked into place, so a reader never sees a half-written lock.
  const draft = `${path}.${me.pid}.${Date.now()}`;
  await writeFile(draft, JSON.stringify(me), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      if (await linkIfAbsent(draft, path))
        return { path, release: () => rm(path, { force: true }) };
      const owner = await readOwner(path);
      // A lock from another host (a shared disk) cannot be checked, so it is honoured.
      if (owner !== undefined && (owner.host !== me.host || isAlive(owner.pid))) {
        throw new StoreLockedError(dataDir, owner.pid);
      }
      await rm(path, { force: true });
    }
  } finally {
    await rm(draft, { force: true });
  }
  throw new StoreLockedError(dataDir);
}

async function linkIfAbsent(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}
