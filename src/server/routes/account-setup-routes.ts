import { z } from 'zod';
import { requireIdentity, setupHint } from '../auth/authenticate.js';
import { issueSession, needsSetup } from '../auth/issue-session.js';
import { hashPassword, minimumPasswordLength, verifyPassword } from '../auth/password-hash.js';
import { checkTotp, generateTotpSecret, totpUri } from '../auth/totp.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { programmeData } from '../data/programme-data.js';
import { type Account } from '../data/records.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import { accountView } from './user-view.js';
import { auditAccount, sessionViewSchema, totpRef } from './shared/auth-support.js';

const tag = 'Authentication';

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

/** Setting up one's own account: a new password, an authenticator. */
export function accountSetupRoutes(): Route[] {
  return [
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
        if (
          account.passwordHash === undefined ||
          !(await verifyPassword(account.passwordHash, body.currentPassword))
        ) {
          await auditAccount(context, {
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
        const passwordHash = await hashPassword(
          body.newPassword,
          services.options.passwordHashCost,
        );
        const updated: Account = { ...account, passwordHash, mustChangePassword: false };
        const data = programmeData(services.store.db);
        await data.accounts.setPassword(account.user.id, passwordHash, { oneTime: false });
        await data.sessions.revokeAllOf(account.user.id, services.clock.now().toISOString(), {
          except: identity.session.idHash,
        });
        await auditAccount(context, {
          actor: account.user.id,
          action: 'password.change',
          outcome: 'ok',
        });
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
        await programmeData(services.store.db).accounts.setTotpSecret(
          account.user.id,
          secret,
          services.sealed,
        );
        await auditAccount(context, {
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
        if (
          step === undefined ||
          !(await programmeData(services.store.db).accounts.confirmTotp(account.user.id, step))
        ) {
          await auditAccount(context, {
            actor: account.user.id,
            action: 'totp.enrol',
            outcome: 'failed',
          });
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
        await auditAccount(context, {
          actor: account.user.id,
          action: 'totp.enrol',
          outcome: 'ok',
          details: { stage: 'enrolled' },
        });
        const { session, csrfToken } = await issueSession(
          context,
          updated,
          identity.session,
          services.clock.now().toISOString(),
        );
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
  ];
}
