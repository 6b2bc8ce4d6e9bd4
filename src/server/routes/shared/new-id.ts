import { randomUUID } from 'node:crypto';

/** A fresh id: a kind prefix and a random UUID, e.g. `sub-3f0c…`. */
export function newId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}
