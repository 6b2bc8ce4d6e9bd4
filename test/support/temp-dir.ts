import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** A fresh directory under the system's temporary folder, removed when its tests end. */
export interface TempDir {
  /** The directory's path; set while a test runs. */
  readonly path: string;
  /** Writes `contents` to `name` in the directory and returns the file's path. */
  readonly write: (name: string, contents: string | Uint8Array) => Promise<string>;
}

/**
 * Makes a directory named `prefix` + random characters before each test of the enclosing
 * suite (or once before all of them, with `scope: 'all'`) and removes it with everything in it
 * afterwards. Call it at the top of a file or a describe block, before hooks that use it.
 */
export function useTempDir(prefix: string, options: { scope?: 'each' | 'all' } = {}): TempDir {
  let current: string | undefined;
  const [before, after] = options.scope === 'all' ? [beforeAll, afterAll] : [beforeEach, afterEach];
  before(async () => {
    current = await mkdtemp(join(tmpdir(), prefix));
  });
  after(async () => {
    if (current !== undefined) await rm(current, { recursive: true, force: true });
    current = undefined;
  });
  const directory = (): string => {
    if (current === undefined) throw new Error(`the ${prefix} directory exists only in a test`);
    return current;
  };
  return {
    get path() {
      return directory();
    },
    write: async (name, contents) => {
      const path = join(directory(), name);
      await writeFile(path, contents);
      return path;
    },
  };
}
