import { randomBytes } from 'node:crypto';
import { randomSecret, secretDigest } from './secret-token.js';

/** Every API token starts with this, so a leaked one is easy to recognise and scan for. */
export const apiTokenPrefix = 'vgl_';

/** A new token: the id (public, for lookup), the full token (shown once) and its digest (stored). */
export interface IssuedApiToken {
  readonly id: string;
  readonly token: string;
  readonly digest: string;
}

/** Makes a new API token `vgl_<id>_<secret>`. */
export function issueApiToken(): IssuedApiToken {
  const id = `tok-${randomBytes(9).toString('base64url').replaceAll(/[-_]/g, 'x')}`;
  const secret = randomSecret();
  return { id, token: `${apiTokenPrefix}${id}_${secret}`, digest: secretDigest(secret) };
}

/** Splits a presented token into its id and secret; undefined when it is not shaped like one. */
export function parseApiToken(token: string): { id: string; secret: string } | undefined {
  const match = /^vgl_(tok-[A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return undefined;
  const [, id, secret] = match;
  return id === undefined || secret === undefined ? undefined : { id, secret };
}
