import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id parameters: OWASP's recommendation (19 MiB, two passes, one lane). Tests may lower
 * the cost; the parameters are stored in each hash, so raising them later needs no migration.
 */
export interface PasswordHashCost {
  readonly memoryCost: number;
  readonly timeCost: number;
}

export const defaultPasswordHashCost: PasswordHashCost = { memoryCost: 19_456, timeCost: 2 };

/** The shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for more). */
export const minimumPasswordLength = 12;

/**
 * Hashes a password with argon2id (the library's default algorithm; its enum is a const enum
 * this build cannot import, so the result is checked instead) and a fresh random salt.
 */
export async function hashPassword(
  password: string,
  cost: PasswordHashCost = defaultPasswordHashCost,
): Promise<string> {
  const phc = await hash(password, { parallelism: 1, ...cost });
  if (!phc.startsWith('$argon2id$')) throw new Error('the password hash is not argon2id');
  return phc;
}

/** True when `password` matches `phc`. A malformed stored hash is a mismatch, never a throw. */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  if (!phc.startsWith('$argon2id$')) return false;
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A hash to verify against when the account does not exist, so a wrong user name costs the same
 * time as a wrong password and timing does not reveal which accounts exist.
 */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(
  cost: PasswordHashCost = defaultPasswordHashCost,
): Promise<string> {
  decoyHash ??= hashPassword('not a real password: timing decoy', cost);
  return decoyHash;
}
