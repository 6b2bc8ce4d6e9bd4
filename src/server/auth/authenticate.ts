import type { MiddlewareHandler } from 'hono';
import { programmeData } from '../data/programme-data.js';
import type { Account } from '../data/records.js';
import type { AppContext, AppEnv, Identity } from '../context.js';
import { HttpProblem } from '../http/http-problem.js';
import { parseApiToken } from './api-token.js';
import { sameSecret, secretDigest } from './secret-token.js';
import { clearSessionCookie, readSessionCookie } from './session-cookie.js';

/** Last-seen times are written at most this often, not on every request. */
const touchIntervalMs = 60_000;

function invalidToken(): HttpProblem {
  return new HttpProblem(
    'unauthenticated',
    'the API token is not valid: unknown, expired or revoked',
    {
      hint: 'create a new token (POST /api/auth/tokens, signed in) and send it as: Authorization: Bearer vgl_…',
      headers: { 'WWW-Authenticate': 'Bearer realm="vigil", error="invalid_token"' },
    },
  );
}

function usable(account: Account | undefined): account is Account {
  return account !== undefined && account.disabledAt === undefined;
}

async function fromToken(context: AppContext, header: string): Promise<Identity> {
  const services = context.get('services');
  const request = context.get('request');
  const match = /^Bearer ([^\s]+)$/i.exec(header);
  const parsed = match?.[1] === undefined ? undefined : parseApiToken(match[1]);
  const data = programmeData(services.store.db);
  const token = parsed === undefined ? undefined : await data.apiTokens.get(parsed.id);
  const now = services.clock.now();
  const valid =
    parsed !== undefined &&
    token !== undefined &&
    sameSecret(secretDigest(parsed.secret), token.digest) &&
    token.revokedAt === undefined &&
    Date.parse(token.expiresAt) > now.getTime();
  const account = valid ? await data.accounts.get(token.userId) : undefined;
  if (!valid || !usable(account)) {
    await services.audit.append({
      actor: 'anonymous',
      action: 'token.authenticate',
      source: request.source,
      outcome: 'failed',
      details: {
        tokenId: parsed?.id ?? null,
        reason: match === null ? 'not a bearer token' : 'unknown, expired or revoked',
        path: request.path,
      },
    });
    throw invalidToken();
  }
  if (
    token.lastUsedAt === undefined ||
    now.getTime() - Date.parse(token.lastUsedAt) > touchIntervalMs
  ) {
    await data.apiTokens.touch(token.id, now.toISOString());
  }
  return { via: 'token', account, token };
}

async function fromSession(context: AppContext, secret: string): Promise<Identity | undefined> {
  const services = context.get('services');
  const data = programmeData(services.store.db);
  const nowDate = services.clock.now();
  const now = nowDate.getTime();
  // Revoked and expired sessions are not found at all.
  const session = await data.sessions.findLive(secretDigest(secret), nowDate.toISOString());
  const idleMs = services.options.sessionIdleMinutes * 60_000;
  if (session === undefined || now - Date.parse(session.lastSeenAt) >= idleMs) {
    if (session !== undefined) await data.sessions.revoke(session.idHash, nowDate.toISOString());
    clearSessionCookie(context, services.options.cookieSecure);
    return undefined;
  }
  const account = await data.accounts.get(session.userId);
  if (!usable(account)) {
    await data.sessions.revoke(session.idHash, nowDate.toISOString());
    clearSessionCookie(context, services.options.cookieSecure);
    return undefined;
  }
  if (now - Date.parse(session.lastSeenAt) > touchIntervalMs) {
    await data.sessions.touch(session.idHash, nowDate.toISOString());
  }
  return { via: 'session', account, session, sessionSecret: secret };
}

/**
 * Works out who is asking: an API token (`Authorization: Bearer`) or a session cookie. A bad
 * token is refused outright (401) and recorded; a stale cookie is cleared and the request goes
 * on anonymous, so the sign-in page still works. Passwords, tokens and cookies are never logged.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const header = context.req.header('authorization');
    if (header !== undefined) {
      context.set('identity', await fromToken(context, header));
    } else {
      const secret = readSessionCookie(context, context.get('services').options.cookieSecure);
      if (secret !== undefined) context.set('identity', await fromSession(context, secret));
    }
    await next();
  };
}

/**
 * The caller, who must be signed in. A session still in set-up (one-time password, no second
 * factor yet) may only finish setting up, unless `allowSetup`.
 */
export function requireIdentity(
  context: AppContext,
  options: { allowSetup?: boolean } = {},
): Identity {
  const identity = context.get('identity');
  if (identity === undefined) {
    throw new HttpProblem(
      'unauthenticated',
      'this request needs a signed-in user or an API token',
      {
        hint: 'sign in with POST /api/auth/login, or send Authorization: Bearer <token>',
        headers: { 'WWW-Authenticate': 'Bearer realm="vigil"' },
      },
    );
  }
  if (
    identity.via === 'session' &&
    identity.session.stage === 'setup' &&
    options.allowSetup !== true
  ) {
    throw new HttpProblem('setup-required', 'the account is not set up yet', {
      hint: setupHint(identity.account),
    });
  }
  return identity;
}

/** What the person must still do before the account is usable. */
export function setupHint(account: Account): string {
  if (account.mustChangePassword) return 'choose a new password: POST /api/auth/password';
  if (account.totp.status !== 'enrolled') {
    return 'enrol a second factor: POST /api/auth/totp/enrol, then POST /api/auth/totp/confirm';
  }
  return 'sign in again';
}
