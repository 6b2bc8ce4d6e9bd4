import { z } from 'zod';
import { requireIdentity, setupHint } from '../auth/authenticate.js';
import { issueSession } from '../auth/issue-session.js';
import { decoyPasswordHash, verifyPassword } from '../auth/password-hash.js';
import { clearSessionCookie, csrfTokenFor } from '../auth/session-cookie.js';
import { checkTotp } from '../auth/totp.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { programmeData } from '../data/programme-data.js';
import { usernameSchema } from '../data/records.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import { doneSchema } from './shared/schemas.js';
import { accountView } from './user-view.js';
import { auditAccount, sessionViewSchema, totpRef } from './shared/auth-support.js';

const tag = 'Authentication';

const loginBody = z
  .object({
    username: usernameSchema,
    password: z.string().min(1, 'give the password').max(1024),
    totp: z
      .string()
      .regex(/^\d{6}$/, 'give the six-digit code from the authenticator app')
      .exactOptional(),
  })
  .strict();

function unauthenticatedLogin(): HttpProblem {
  return new HttpProblem('unauthenticated', 'the user name, password or code is wrong', {
    hint: 'check them and try again; repeated failures make you wait longer each time',
  });
}

/** Sign-in, sessions, the second factor, passwords and API tokens. */

/** Sign-in, the session, sign-out. */
export function authRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/auth/login',
      tag,
      summary: 'Sign in: password, then the authenticator code once enrolled',
      description:
        'Starts a session: an HttpOnly, Secure, SameSite=Strict cookie, and a CSRF token to send as X-CSRF-Token with every change. A one-time password or a missing second factor gives a set-up session that may only finish setting up. Failures slow further attempts, per account and per address.',
      access: 'public',
      body: loginBody,
      response: { status: 200, schema: sessionViewSchema, description: 'The session.' },
      problems: ['unauthenticated', 'second-factor-required', 'too-many-requests'],
      handler: async ({ context, body }) => {
        const services = context.get('services');
        const request = context.get('request');
        const nowMs = services.clock.now().getTime();
        const keys = [`user:${body.username}`, `address:${request.source}`];
        const waitMs = await services.loginThrottle.waitMs(keys, nowMs);
        if (waitMs > 0) {
          const seconds = Math.ceil(waitMs / 1000);
          throw new HttpProblem(
            'too-many-requests',
            `too many failed sign-ins; wait ${seconds} s`,
            {
              hint: 'wait, then try again; an administrator can reset a forgotten password',
              headers: { 'Retry-After': String(seconds) },
            },
          );
        }
        const data = programmeData(services.store.db);
        const account = await data.accounts.findByUsername(body.username);
        const hash =
          account?.passwordHash ?? (await decoyPasswordHash(services.options.passwordHashCost));
        const passwordOk = (await verifyPassword(hash, body.password)) && account !== undefined;
        if (!passwordOk || account.disabledAt !== undefined) {
          await services.loginThrottle.fail(keys, nowMs);
          await auditAccount(context, {
            actor: account?.user.id ?? 'anonymous',
            action: 'session.create',
            outcome: 'failed',
            details: { username: body.username, reason: 'bad credentials' },
          });
          throw unauthenticatedLogin();
        }
        let signedIn = account;
        let secondFactorAt: string | undefined;
        if (account.totp.status === 'enrolled') {
          if (body.totp === undefined) {
            throw new HttpProblem(
              'second-factor-required',
              'the account needs the authenticator code',
              {
                hint: 'send the six-digit code as "totp" with the user name and password',
              },
            );
          }
          const secret = await services.sealed.openText(
            totpRef(account.user.id),
            auditSealedRead(services, {
              actor: account.user.id,
              source: request.source,
              purpose: 'check a sign-in code',
              requestId: request.requestId,
            }),
          );
          const step = checkTotp(secret, body.totp, nowMs, account.totp.lastStep);
          // The store accepts each step once, so the same code sent twice at once passes once.
          if (step === undefined || !(await data.accounts.acceptTotpStep(account.user.id, step))) {
            await services.loginThrottle.fail(keys, nowMs);
            await auditAccount(context, {
              actor: account.user.id,
              action: 'session.create',
              outcome: 'failed',
              details: { username: body.username, reason: 'bad second factor' },
            });
            throw unauthenticatedLogin();
          }
          signedIn = { ...account, totp: { status: 'enrolled', lastStep: step } };
          secondFactorAt = new Date(nowMs).toISOString();
        }
        await services.loginThrottle.succeed([`user:${body.username}`]);
        const { session, csrfToken } = await issueSession(
          context,
          signedIn,
          undefined,
          secondFactorAt,
        );
        await auditAccount(context, {
          actor: signedIn.user.id,
          action: 'session.create',
          outcome: 'ok',
          details: { stage: session.stage },
        });
        return {
          account: accountView(signedIn),
          stage: session.stage,
          via: 'session' as const,
          csrfToken,
          expiresAt: session.expiresAt,
          ...(session.stage === 'setup' ? { next: setupHint(signedIn) } : {}),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/session',
      tag,
      summary: 'Who you are signed in as, and the CSRF token',
      access: 'setup',
      response: { status: 200, schema: sessionViewSchema, description: 'The session or token.' },
      handler: ({ context }) => {
        const identity = requireIdentity(context, { allowSetup: true });
        if (identity.via === 'token') {
          return Promise.resolve({
            account: accountView(identity.account),
            stage: 'full' as const,
            via: 'token' as const,
            expiresAt: identity.token.expiresAt,
          });
        }
        return Promise.resolve({
          account: accountView(identity.account),
          stage: identity.session.stage,
          via: 'session' as const,
          csrfToken: csrfTokenFor(identity.sessionSecret),
          expiresAt: identity.session.expiresAt,
          ...(identity.session.stage === 'setup' ? { next: setupHint(identity.account) } : {}),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/logout',
      tag,
      summary: 'Sign out: end the session',
      access: 'setup',
      response: { status: 200, schema: doneSchema, description: 'Signed out.' },
      handler: async ({ context }) => {
        const identity = requireIdentity(context, { allowSetup: true });
        const services = context.get('services');
        if (identity.via === 'session') {
          await programmeData(services.store.db).sessions.revoke(
            identity.session.idHash,
            services.clock.now().toISOString(),
          );
          clearSessionCookie(context, services.options.cookieSecure);
        }
        await auditAccount(context, {
          actor: identity.account.user.id,
          action: 'session.delete',
          outcome: 'ok',
        });
        return { done: true as const };
      },
    }),
  ];
}
