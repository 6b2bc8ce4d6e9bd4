import { Secret, TOTP } from 'otpauth';

/** RFC 6238 settings: SHA-1, six digits, 30-second steps (what authenticator apps expect). */
const period = 30;
const digits = 6;

/**
 * How many steps either side of now a code may come from: one step (±30 s) forgives a clock a
 * little off and a code typed as it rolls over, and no more.
 */
export const totpWindowSteps = 1;

/** A new random 160-bit TOTP secret, base32 (RFC 4226 recommends 160 bits). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app scans. */
export function totpUri(secretBase32: string, account: string, issuer = 'Vigil'): string {
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secretBase32),
    period,
    digits,
    algorithm: 'SHA1',
  }).toString();
}

function totpFor(secretBase32: string): TOTP {
  return new TOTP({ secret: Secret.fromBase32(secretBase32), period, digits, algorithm: 'SHA1' });
}

/** The code for `atMs` (for tests and the demo's own checks). */
export function totpCode(secretBase32: string, atMs: number): string {
  return totpFor(secretBase32).generate({ timestamp: atMs });
}

/**
 * Checks a code at `atMs`. Returns the time step it belongs to, or undefined when it is wrong,
 * outside the window, or not newer than `lastUsedStep` (a code is good once: no replay).
 */
export function checkTotp(
  secretBase32: string,
  code: string,
  atMs: number,
  lastUsedStep: number | undefined,
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpFor(secretBase32).validate({
    token: code,
    timestamp: atMs,
    window: totpWindowSteps,
  });
  if (delta === null) return undefined;
  const step = TOTP.counter({ period, timestamp: atMs }) + delta;
  if (lastUsedStep !== undefined && step <= lastUsedStep) return undefined;
  return step;
}
