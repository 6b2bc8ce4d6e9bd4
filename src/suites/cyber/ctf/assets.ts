import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// From src/suites/cyber/ctf and from dist/suites/cyber/ctf alike, four levels up is the
// package root; the assets stay in src/ (the build copies only TypeScript).
const ctfRoot = fileURLToPath(new URL('../../../../src/suites/cyber/ctf/', import.meta.url));

const cache = new Map<string, string>();

/**
 * A text file of the suite (a target's Python source, say) by its path under
 * `src/suites/cyber/ctf/`, read once per process.
 */
export function readCtfAsset(path: string): string {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const text = readFileSync(`${ctfRoot}${path}`, 'utf8');
  cache.set(path, text);
  return text;
}
