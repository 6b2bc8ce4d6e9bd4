import { z } from 'zod';
import { policyTable } from '../../programme/policy/policy-table.js';
import type { Action } from '../../programme/index.js';
import { issueApiToken } from '../auth/api-token.js';
import { requireIdentity, setupHint } from '../auth/authenticate.js';
import { issueSession, needsSetup } from '../auth/issue-session.js';
import {
  decoyPasswordHash,
  hashPassword,
  minimumPasswordLength,
  verifyPassword,
} from '../auth/password-hash.js';
import { clearSessionCookie, csrfTokenFor } from '../auth/session-cookie.js';
import { checkTotp, generateTotpSecret, totpUri } from '../auth/totp.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import type { AppContext } from '../context.js';
import { programmeData } from '../data/programme-data.js';
import {
  apiTokenSchema,
  tokenScopeSchema,
  usernameSchema,
  type Account,
  type ApiToken,
} from '../data/records.js';
import { HttpProblem } from '../http/http-problem.js';
import { without } from '../util/without.js';
import { defineRoute, type Route } from './route.js';
import { doneSchema, tokenParams } from './shared/schemas.js';
import { accountView, accountViewSchema } from './user-view.js';

const tag = 'Authentication';

/** Where a TOTP secret is sealed. */
export function totpRef(userId: string) {
  return { kind: 'user-totp-secret', objectId: userId } as const;
}

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

const sessionViewSchema = z
  .object({
    account: accountViewSchema,
    stage: z.enum(['setup', 'full']),
    via: z.enum(['session', 'token']),
    csrfToken: z.string().exactOptional(),
    expiresAt: z.string().exactOptional(),
    next: z.string().exactOptional(),
  })
  .strict();

const passwordSchema = z
  .string()
  .min(minimumPasswordLength, `use at least ${minimumPasswordLength} characters`)
  .max(1024, 'use at most 1024 characters');

const passwordBody = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema })
  .strict();

const totpCodeBody = z
  .object({
    code: z.string().regex(/^\d{6}$/, 'give the six-digit code from the authenticator app'),
  })
  .strict();

const tokenBody = z
  .object({
    name: z.string().trim().min(1, 'name the token after where it is used').max(100),
    scopes: z.array(tokenScopeSchema).min(1, 'give at least one scope').max(64),
    expiresInDays: z.number().int().min(1).max(365),
  })
  .strict();

const tokenViewSchema = apiTokenSchema.omit({ digest: true });
export const issuedTokenSchema = z
  .object({ token: z.string(), details: tokenViewSchema, notice: z.string() })
  .strict();

/** The actions a role may ever be allowed: the only scopes a token of that role may carry. */
export function scopesOfRole(role: Account['user']['role']): readonly Action[] {
  return (Object.keys(policyTable) as Action[]).filter(
    (action) => policyTable[action].roles[role] !== undefined,
  );
}

function tokenView(token: ApiToken): z.input<typeof tokenViewSchema> {
  return without(token, 'digest');
}

/** Issues an API token for `account` and records it; the token text is returned once. */
export async function createApiToken(
  context: AppContext,
  account: Account,
  request: z.output<typeof tokenBody>,
  createdBy: string,
): Promise<z.input<typeof issuedTokenSchema>> {
  const services = context.get('services');
  const allowed = scopesOfRole(account.user.role);
  const refused = request.scopes.filter((scope) => !allowed.includes(scope));
  if (refused.length > 0) {
    throw new HttpProblem(
      'invalid-request',
      `a ${account.user.role} cannot hold ${refused.join(', ')}`,
      {
        errors: refused.map((scope) => ({
          field: 'body.scopes',
          problem: `${scope} is not an action a ${account.user.role} may take`,
          fix: `use only: ${allowed.join(', ')}`,
        })),
      },
    );
  }
  if (request.expiresInDays > services.options.maxTokenDays) {
    throw new HttpProblem(
      'invalid-request',
      `a token may last at most ${services.options.maxTokenDays} days`,
      {
        errors: [
          {
            field: 'body.expiresInDays',
            problem: `${request.expiresInDays} days is too long`,
            fix: `use ${services.options.maxTokenDays} or fewer, and make a new token when it ends`,
          },
        ],
      },
    );
  }
  const now = services.clock.now();
  const issued = issueApiToken();
  const token: ApiToken = {
    id: issued.id,
    userId: account.user.id,
    name: request.name,
    digest: issued.digest,
    scopes: [...new Set(request.scopes)],
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + request.expiresInDays * 86_400_000).toISOString(),
  };
  await services.store.transaction(async (tx) => {
    await programmeData(tx).apiTokens.insert(token);
    await services.audit.append(
      {
        actor: createdBy,
        action: 'token.create',
        source: context.get('request').source,
        outcome: 'ok',
        objectId: token.id,
        details: { owner: account.user.id, scopes: [...token.scopes], expiresAt: token.expiresAt },
      },
      tx,
    );
  });
  return {
    token: issued.token,
    details: tokenView(token),
    notice: 'this is the only time the token is shown: store it now',
  };
}

async function audit(
  context: AppContext,
  entry: {
    actor: string;
    action: string;
    outcome: 'ok' | 'failed';
    details?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  const services = context.get('services');
  const request = context.get('request');
  await services.audit.append({
    actor: entry.actor,
    action: entry.action,
    source: request.source,
    outcome: entry.outcome,
    details: { ...entry.details, requestId: request.requestId },
  });
}

function unauthenticatedLogin(): HttpProblem {
  return new HttpProblem('unauthenticated', 'the user name, password or code is wrong', {
    hint: 'check them and try again; repeated failures make you wait longer each time',
  });
}

/** Sign-in, sessions, the second factor, passwords and API tokens. */
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
        const waitMs = services.loginThrottle.waitMs(keys, nowMs);
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
        const entry = await data.usernames.get(body.username);
        const account = entry === undefined ? undefined : await data.accounts.get(entry.userId);
        const hash =
          account?.passwordHash ?? (await decoyPasswordHash(services.options.passwordHashCost));
        const passwordOk = (await verifyPassword(hash, body.password)) && account !== undefined;
        if (!passwordOk || account.disabledAt !== undefined) {
          services.loginThrottle.fail(keys, nowMs);
          await audit(context, {
            actor: account?.user.id ?? 'anonymous',
            action: 'session.create',
            outcome: 'failed',
            details: { username: body.username, reason: 'bad credentials' },
          });
          throw unauthenticatedLogin();
        }
        let signedIn = account;
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
          if (step === undefined) {
            services.loginThrottle.fail(keys, nowMs);
            await audit(context, {
              actor: account.user.id,
              action: 'session.create',
              outcome: 'failed',
              details: { username: body.username, reason: 'bad second factor' },
            });
            throw unauthenticatedLogin();
          }
          signedIn = { ...account, totp: { status: 'enrolled', lastStep: step } };
          await data.accounts.update(signedIn);
        }
        services.loginThrottle.succeed([`user:${body.username}`]);
        const { session, csrfToken } = await issueSession(context, signedIn);
        await audit(context, {
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
          await programmeData(services.store.db).sessions.remove(identity.session.id);
          clearSessionCookie(context, services.options.cookieSecure);
        }
        await audit(context, {
          actor: identity.account.user.id,
          action: 'session.delete',
          outcome: 'ok',
        });
        return { done: true as const };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/password',
      tag,
      summary: 'Choose a new password (required after a one-time password)',
      description: `At least ${minimumPasswordLength} characters, different from the old one. Ends the account’s other sessions.`,
      access: 'setup',
      body: passwordBody,
      response: { status: 200, schema: sessionViewSchema, description: 'The session, renewed.' },
      handler: async ({ context, body }) => {
        const identity = requireIdentity(context, { allowSetup: true });
        if (identity.via !== 'session') {
          throw new HttpProblem(
            'forbidden',
            'passwords are changed in a browser session, not with an API token',
          );
        }
        const services = context.get('services');
        const account = identity.account;
        if (!(await verifyPassword(account.passwordHash, body.currentPassword))) {
          await audit(context, {
            actor: account.user.id,
            action: 'password.change',
            outcome: 'failed',
          });
          throw new HttpProblem('invalid-request', 'the current password is wrong', {
            errors: [
              {
                field: 'body.currentPassword',
                problem: 'does not match',
                fix: 'give the password you signed in with',
              },
            ],
          });
        }
        if (
          body.newPassword === body.currentPassword ||
          body.newPassword.toLowerCase().includes(account.username)
        ) {
          throw new HttpProblem('invalid-request', 'the new password is not acceptable', {
            errors: [
              {
                field: 'body.newPassword',
                problem: 'it equals the old password or contains the user name',
                fix: 'choose a new passphrase of several unrelated words',
              },
            ],
          });
        }
        const updated: Account = {
          ...account,
          passwordHash: await hashPassword(body.newPassword, services.options.passwordHashCost),
          mustChangePassword: false,
        };
        const data = programmeData(services.store.db);
        await data.accounts.update(updated);
        for (const session of await data.sessions.list(account.user.id)) {
          if (session.id !== identity.session.id) await data.sessions.remove(session.id);
        }
        await audit(context, { actor: account.user.id, action: 'password.change', outcome: 'ok' });
        const { session, csrfToken } = await issueSession(context, updated, identity.session);
        return {
          account: accountView(updated),
          stage: session.stage,
          via: 'session' as const,
          csrfToken,
          expiresAt: session.expiresAt,
          ...(session.stage === 'setup' ? { next: setupHint(updated) } : {}),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/totp/enrol',
      tag,
      summary: 'Start enrolling an authenticator app (the secret is shown once)',
      access: 'setup',
      response: {
        status: 200,
        schema: z.object({ secret: z.string(), uri: z.string(), notice: z.string() }).strict(),
        description: 'The secret, base32, and the otpauth:// URI to scan.',
      },
      problems: ['conflict'],
      handler: async ({ context }) => {
        const identity = requireIdentity(context, { allowSetup: true });
        if (identity.via !== 'session') {
          throw new HttpProblem(
            'forbidden',
            'a second factor is enrolled in a browser session, not with an API token',
          );
        }
        const services = context.get('services');
        const account = identity.account;
        if (account.totp.status === 'enrolled') {
          throw new HttpProblem('conflict', 'an authenticator is already enrolled', {
            hint: 'ask a security officer to reset it if the device is lost',
          });
        }
        const secret = generateTotpSecret();
        await services.store.transaction(async (tx) => {
          await services.sealed.seal(totpRef(account.user.id), secret, tx);
          await programmeData(tx).accounts.update({ ...account, totp: { status: 'pending' } });
        });
        await audit(context, {
          actor: account.user.id,
          action: 'totp.enrol',
          outcome: 'ok',
          details: { stage: 'pending' },
        });
        return {
          secret,
          uri: totpUri(secret, account.username),
          notice:
            'add it to the authenticator app now, then confirm with a code: it is not shown again',
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/totp/confirm',
      tag,
      summary: 'Confirm the authenticator with a code',
      access: 'setup',
      body: totpCodeBody,
      response: { status: 200, schema: sessionViewSchema, description: 'The session, renewed.' },
      problems: ['conflict'],
      handler: async ({ context, body }) => {
        const identity = requireIdentity(context, { allowSetup: true });
        if (identity.via !== 'session') {
          throw new HttpProblem('forbidden', 'a second factor is enrolled in a browser session');
        }
        const services = context.get('services');
        const request = context.get('request');
        const account = identity.account;
        if (account.totp.status !== 'pending') {
          throw new HttpProblem(
            'conflict',
            `there is no enrolment to confirm (${account.totp.status})`,
            {
              hint: 'start with POST /api/auth/totp/enrol',
            },
          );
        }
        const secret = await services.sealed.openText(
          totpRef(account.user.id),
          auditSealedRead(services, {
            actor: account.user.id,
            source: request.source,
            purpose: 'confirm an authenticator',
            requestId: request.requestId,
          }),
        );
        const step = checkTotp(secret, body.code, services.clock.now().getTime(), undefined);
        if (step === undefined) {
          await audit(context, { actor: account.user.id, action: 'totp.enrol', outcome: 'failed' });
          throw new HttpProblem('invalid-request', 'the code does not match', {
            errors: [
              {
                field: 'body.code',
                problem: 'not the current code of the enrolled secret',
                fix: 'check the device’s clock and type the code shown now',
              },
            ],
          });
        }
        const updated: Account = { ...account, totp: { status: 'enrolled', lastStep: step } };
        await programmeData(services.store.db).accounts.update(updated);
        await audit(context, {
          actor: account.user.id,
          action: 'totp.enrol',
          outcome: 'ok',
          details: { stage: 'enrolled' },
        });
        const { session, csrfToken } = await issueSession(context, updated, identity.session);
        return {
          account: accountView(updated),
          stage: session.stage,
          via: 'session' as const,
          csrfToken,
          expiresAt: session.expiresAt,
          ...(needsSetup(updated, services.options.requireTotp)
            ? { next: setupHint(updated) }
            : {}),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/auth/tokens',
      tag,
      summary: 'Create an API token for the CLI (shown once)',
      description:
        'Scopes are action names; a token can never do more than its owner. Tokens are stored hashed and expire. Created only from a browser session.',
      access: 'signed-in',
      body: tokenBody,
      response: { status: 201, schema: issuedTokenSchema, description: 'The token, shown once.' },
      handler: async ({ context, body }) => {
        const identity = requireIdentity(context);
        if (identity.via !== 'session') {
          throw new HttpProblem('forbidden', 'an API token cannot create tokens', {
            hint: 'create tokens from a signed-in session',
          });
        }
        return createApiToken(context, identity.account, body, identity.account.user.id);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/auth/tokens',
      tag,
      summary: 'Your API tokens (never their secret)',
      access: 'signed-in',
      response: {
        status: 200,
        schema: z.object({ tokens: z.array(tokenViewSchema) }).strict(),
        description: 'Your tokens.',
      },
      handler: async ({ context }) => {
        const identity = requireIdentity(context);
        const tokens = await programmeData(context.get('services').store.db).apiTokens.list(
          identity.account.user.id,
        );
        return { tokens: tokens.map(tokenView) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/auth/tokens/{tokenId}',
      tag,
      summary: 'Revoke one of your API tokens',
      access: 'signed-in',
      params: tokenParams,
      response: { status: 200, schema: doneSchema, description: 'Revoked.' },
      handler: async ({ context, params }) => {
        const identity = requireIdentity(context);
        const services = context.get('services');
        const data = programmeData(services.store.db);
        const token = await data.apiTokens.get(params.tokenId);
        if (token?.userId !== identity.account.user.id) {
          throw new HttpProblem('not-found', `you have no token ${params.tokenId}`);
        }
        if (token.revokedAt === undefined) {
          await data.apiTokens.update({ ...token, revokedAt: services.clock.now().toISOString() });
        }
        await audit(context, {
          actor: identity.account.user.id,
          action: 'token.revoke',
          outcome: 'ok',
          details: { tokenId: token.id },
        });
        return { done: true as const };
      },
    }),
  ];
}
