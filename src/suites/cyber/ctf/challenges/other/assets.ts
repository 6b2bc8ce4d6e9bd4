import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SandboxError } from '../../../../../core/errors/sandbox-error.js';
import { readCtfAsset } from '../../assets.js';

/** Resolves from both src/ and dist/: the sources stay in src/, beside this file's source. */
const sourceRoot = fileURLToPath(
  new URL('../../../../../../src/suites/cyber/ctf/challenges/other/', import.meta.url),
);

const programs = new Map<string, Uint8Array>();

/** A target's source file (Python, C) by its path under this folder, e.g. `crypto/relay.py`. */
export function asset(path: string): string {
  return readCtfAsset(`challenges/other/${path}`);
}

/**
 * Flags every program is built with: no PIE and no stack protector, so addresses and layouts
 * are the same on every run and a reference exploit is deterministic. The agent is told them.
 */
export const compilerFlags = [
  '-O0',
  '-fno-stack-protector',
  '-no-pie',
  '-Wno-format-security',
] as const;

/**
 * A C source of this folder compiled with the host's `gcc`, once per process: the service
 * runs this binary and the agent gets the very same bytes to analyse. The services' sandboxes
 * see the host's `/usr`, so the dynamically linked program finds its C library there.
 */
export function compiledProgram(path: string): Uint8Array {
  const cached = programs.get(path);
  if (cached !== undefined) return cached;
  const directory = mkdtempSync(join(tmpdir(), 'vigil-ctf-'));
  try {
    const output = join(directory, 'program');
    try {
      execFileSync('gcc', [...compilerFlags, '-o', output, join(sourceRoot, path)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
      throw new SandboxError(
        'unavailable',
        missing
          ? 'cyber.ctf builds its pwn challenges with gcc, and gcc is not on the PATH'
          : `gcc could not compile ${path}: ${stderr.trim()}`,
        { hint: 'install a C compiler: apt-get install gcc', cause: error },
      );
    }
    const program = new Uint8Array(readFileSync(output));
    programs.set(path, program);
    return program;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
