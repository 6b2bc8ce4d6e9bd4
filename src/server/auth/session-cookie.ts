import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createHash } from 'node:crypto';

/**
 * The session cookie. The `__Host-` prefix makes browsers refuse it unless it is Secure, has
 * Path=/ and no Domain, so no sibling host can plant or read one.
 */
export const sessionCookieName = '__Host-vigil-session';

/** The name without the prefix, for a server told not to mark cookies Secure (tests only). */
const insecureCookieName = 'vigil-session';

function cookieName(secure: boolean): string {
  return secure ? sessionCookieName : insecureCookieName;
}

/** The session secret the request carries, if any. */
export function readSessionCookie(context: Context, secure: boolean): string | undefined {
  const value = getCookie(context, cookieName(secure));
  return value !== undefined && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : undefined;
}

/** Sets the session cookie: HttpOnly, Secure, SameSite=Strict, for the whole site. */
export function writeSessionCookie(
  context: Context,
  secret: string,
  options: { secure: boolean; maxAgeSeconds: number },
): void {
  setCookie(context, cookieName(options.secure), secret, {
    httpOnly: true,
    secure: options.secure,
    sameSite: 'Strict',
    path: '/',
    maxAge: options.maxAgeSeconds,
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(context: Context, secure: boolean): void {
  deleteCookie(context, cookieName(secure), {
    httpOnly: true,
    secure,
    sameSite: 'Strict',
    path: '/',
  });
}

/**
 * The CSRF token of a session: derived from the session secret, so it needs no storage, changes
 * with every session, and cannot be computed without the HttpOnly cookie. A page gets it from
 * the sign-in response or GET /api/auth/session and sends it back in `X-CSRF-Token`.
 */
export function csrfTokenFor(sessionSecret: string): string {
  return createHash('sha256').update(`vigil csrf v1\0${sessionSecret}`, 'utf8').digest('base64url');
}
