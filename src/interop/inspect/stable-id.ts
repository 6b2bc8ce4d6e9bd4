import { createHash } from 'node:crypto';

/**
 * A 22-character id derived from `parts`, the length of Inspect's short UUIDs. The same
 * parts always give the same id, so exporting a log twice gives the same ids.
 */
export function stableId(...parts: readonly (string | number)[]): string {
  return createHash('sha256')
    .update(parts.map(String).join('\u0000'))
    .digest('base64url')
    .replace(/[-_]/g, 'x')
    .slice(0, 22);
}
