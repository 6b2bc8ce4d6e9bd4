import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be mistaken for each other when read off a screen. */
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password: 20 random characters in groups of five (about 99 bits). */
export function oneTimePassword(): string {
  const characters = Array.from({ length: 20 }, () => alphabet[randomInt(alphabet.length)] ?? 'a');
  return [0, 5, 10, 15].map((start) => characters.slice(start, start + 5).join('')).join('-');
}
