import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SandboxError } from '../../../../../core/errors/sandbox-error.js';

/** Resolves from both src/ and dist/: the assets stay in src/, beside this file's source. */
const assetRoot = fileURLToPath(
  new URL('../../../../../../src/suites/cyber/ctf/challenges/other/', import.meta.url),
);

const texts = new Map<string, string>();
const programs = new Map<string, Uint8Array>();

/** A service's source file (Python, C), e.g. `crypto/relay.py`; read once per process. */
export function asset(path: string): string {
  let text = texts.get(path);
  if (text === undefined) {
    text = readFileSync(join(assetRoot, path), 'utf8');
    texts.set(path, text);
  }
  return text;
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
 * A C asset compiled with the host's `gcc` (once per process): the service runs this binary
 * and the agent gets the very same bytes to analyse. The services' sandboxes see the host's
 * `/usr`, so the dynamically linked program finds its C library there.
 */
export function compiledProgram(path: string): Uint8Array {
  let program = programs.get(path);
  if (program !== undefined) return program;
  const directory = mkdtempSync(join(tmpdir(), 'vigil-ctf-'));
  try {
    const output = join(directory, 'program');
    try {
      execFileSync('gcc', [...compilerFlags, '-o', output, join(assetRoot, path)], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new SandboxError(
        'unavailable',
        missing
          ? `cyber.ctf needs gcc to build its pwn challenges, and gcc is not on the PATH`
          : `gcc could not compile ${path}: ${String((error as { stderr?: unknown }).stderr)}`,
        { hint: 'install a C compiler: apt-get install gcc', cause: error },
      );
    }
    program = new Uint8Array(readFileSync(output));
    programs.set(path, program);
    return program;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
