import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// From src/suites/cyber/ot and from dist/suites/cyber/ot alike, four levels up is the package
// root; the Python files stay in src/ (the build copies only TypeScript).
const otRoot = fileURLToPath(new URL('../../../../src/suites/cyber/ot/', import.meta.url));

const cache = new Map<string, string>();

/** A text file of the suite by its path under `src/suites/cyber/ot/`, read once per process. */
export function readOtAsset(path: string): string {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const text = readFileSync(`${otRoot}${path}`, 'utf8');
  cache.set(path, text);
  return text;
}
