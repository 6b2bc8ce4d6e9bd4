import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret of 256 bits, base64url: session ids, CSRF tokens, API token secrets. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a high-entropy secret: its SHA-256. A 256-bit random secret needs no slow
 * hash (nothing to guess), and a stolen table of these opens no session.
 */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two strings in time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given, 'utf8');
  const right = Buffer.from(expected, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
