import { programmeData } from '../data/programme-data.js';
import type { Account, Session } from '../data/records.js';
import type { AppContext } from '../context.js';
import { randomSecret, secretDigest } from './secret-token.js';
import { csrfTokenFor, writeSessionCookie } from './session-cookie.js';

/** Whether an account must still finish setting up before it can do anything else. */
export function needsSetup(account: Account, requireTotp: boolean): boolean {
  return account.mustChangePassword || (requireTotp && account.totp.status !== 'enrolled');
}

/**
 * Starts a session for `account` and sets its cookie. Called at sign-in and again when a set-up
 * session becomes a full one: a new secret on every change of privilege, so a session id seen
 * before the change is worth nothing after it (the old one is revoked in the same transaction).
 * `secondFactorAt` is when a TOTP code was checked for it (a replacement keeps the old one's).
 * Returns the session and its CSRF token.
 */
export async function issueSession(
  context: AppContext,
  account: Account,
  replacing?: Session,
  secondFactorAt?: string,
): Promise<{ session: Session; csrfToken: string }> {
  const services = context.get('services');
  const now = services.clock.now();
  const secret = randomSecret();
  const maxMs = services.options.sessionMaxHours * 3_600_000;
  const expiresAt = new Date(
    replacing === undefined ? now.getTime() + maxMs : Date.parse(replacing.expiresAt),
  );
  const checkedAt = secondFactorAt ?? replacing?.secondFactorAt;
  const session: Session = {
    idHash: secretDigest(secret),
    userId: account.user.id,
    stage: needsSetup(account, services.options.requireTotp) ? 'setup' : 'full',
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
    source: context.get('request').source,
    ...(checkedAt === undefined ? {} : { secondFactorAt: checkedAt }),
  };
  await services.store.transaction(async (tx) => {
    const { sessions } = programmeData(tx);
    await sessions.create(session);
    if (replacing !== undefined) await sessions.revoke(replacing.idHash, now.toISOString());
  });
  writeSessionCookie(context, secret, {
    secure: services.options.cookieSecure,
    maxAgeSeconds: Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
  return { session, csrfToken: csrfTokenFor(secret) };
}
