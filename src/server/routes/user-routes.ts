import { z } from 'zod';
import {
  clearanceLevelSchema,
  compartmentSchema,
  idSchema,
  roleSchema,
} from '../../programme/index.js';
import { createAccount } from '../accounts.js';
import { programmeData } from '../data/programme-data.js';
import { tokenScopeSchema, usernameSchema, type Account } from '../data/records.js';
import { oneTimePassword } from '../auth/one-time-password.js';
import { hashPassword } from '../auth/password-hash.js';
import { HttpProblem } from '../http/http-problem.js';
import { createApiToken, issuedTokenSchema } from './token-routes.js';
import { defineRoute, type Route } from './route.js';
import { found } from './shared/load.js';
import { programme } from './shared/programme-resource.js';
import { userParams } from './shared/schemas.js';
import { routeTools } from './shared/tools.js';
import { accountView, accountViewSchema } from './user-view.js';
import { recordChange } from './shared/record-change.js';

const newUserBody = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(200),
    role: roleSchema,
    organisationId: idSchema,
  })
  .strict();

const createdUserSchema = z
  .object({
    account: accountViewSchema,
    oneTimePassword: z.string().exactOptional(),
    notice: z.string(),
  })
  .strict();

const clearanceBody = z
  .object({
    clearance: clearanceLevelSchema,
    compartments: z.array(compartmentSchema).max(200),
    reason: z.string().trim().min(1).max(2000),
  })
  .strict();

const workerTokenBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(tokenScopeSchema).min(1).max(64),
    expiresInDays: z.number().int().min(1).max(365),
  })
  .strict();

async function loadAccount(
  data: ReturnType<typeof programmeData>,
  userId: string,
): Promise<Account> {
  return found(await data.accounts.get(userId), `user ${userId}`, 'list them: GET /api/users');
}

/** Refuses compartments that do not exist (a developer's or a submission's is made with it). */
async function checkCompartmentsExist(
  data: ReturnType<typeof programmeData>,
  compartments: readonly string[],
): Promise<void> {
  const unknown: string[] = [];
  for (const name of new Set(compartments)) {
    if ((await data.compartments.get(name)) === undefined) unknown.push(name);
  }
  if (unknown.length === 0) return;
  throw new HttpProblem('invalid-request', `there is no compartment ${unknown.join(', ')}`, {
    errors: unknown.map((name) => ({
      field: 'body.compartments',
      problem: `unknown compartment ${name}`,
      fix: 'use the compartment of a developer (DEV-…) or submission (SUB-…), or CRITERIA',
    })),
  });
}

/**
 * Accounts: created, cleared, reset, disabled and given worker tokens by a security officer
 * (`account.administer`, `clearance.manage`); nobody changes their own.
 */
export function userRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/users',
      tag: 'Administration',
      summary: 'Every account',
      access: 'signed-in',
      actions: ['account.administer'],
      response: {
        status: 200,
        schema: z.object({ users: z.array(accountViewSchema) }).strict(),
        description: 'The accounts, never a hash or a secret.',
      },
      handler: async ({ context }) => {
        const { data, guard } = routeTools(context);
        await guard.require('account.administer', programme);
        return { users: (await data.accounts.list()).map(accountView) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      tag: 'Administration',
      summary: 'Create an account with a one-time password',
      description:
        'The one-time password is shown once; at first sign-in the person chooses a new password and enrols an authenticator. A worker gets no password: give it an API token.',
      access: 'signed-in',
      actions: ['account.administer'],
      body: newUserBody,
      response: { status: 201, schema: createdUserSchema, description: 'The account.' },
      problems: ['conflict'],
      handler: async ({ context, body }) => {
        const { services, guard, now, actor } = routeTools(context);
        await guard.require('account.administer', programme);
        const created = await services.store.transaction(async (tx) => {
          const result = await createAccount(programmeData(tx), body, {
            cost: services.options.passwordHashCost,
            now: now(),
            grantedBy: actor.userId,
          });
          await recordChange(
            services,
            actor,
            {
              action: 'account.create',
              objectId: result.account.user.id,
              details: { username: body.username, role: body.role },
            },
            tx,
          );
          return result;
        });
        return {
          account: accountView(created.account),
          ...(created.oneTimePassword === undefined
            ? {}
            : { oneTimePassword: created.oneTimePassword }),
          notice:
            created.oneTimePassword === undefined
              ? 'a worker signs in with an API token only: POST /api/users/{userId}/tokens'
              : 'give the one-time password to the person through a separate channel; it is not shown again',
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/users/{userId}',
      tag: 'Administration',
      summary: 'One account',
      access: 'signed-in',
      actions: ['account.administer'],
      params: userParams,
      response: { status: 200, schema: accountViewSchema, description: 'The account.' },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        await guard.require('account.administer', programme);
        return accountView(await loadAccount(data, params.userId));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/users/{userId}/clearance',
      tag: 'Administration',
      summary: 'Set a person’s clearance level and compartments',
      description: 'A security officer cannot change their own clearance.',
      access: 'signed-in',
      actions: ['clearance.manage'],
      params: userParams,
      body: clearanceBody,
      response: { status: 200, schema: accountViewSchema, description: 'The account.' },
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('clearance.manage', programme);
        if (params.userId === actor.userId) {
          throw new HttpProblem('forbidden', 'you cannot change your own clearance', {
            hint: 'ask another security officer',
          });
        }
        const account = await loadAccount(data, params.userId);
        await checkCompartmentsExist(data, body.compartments);
        const updated: Account = {
          ...account,
          user: {
            ...account.user,
            clearance: body.clearance,
            compartments: [...new Set(body.compartments)].sort(),
          },
        };
        await services.store.transaction(async (tx) => {
          await programmeData(tx).accounts.setClearance(
            params.userId,
            { level: updated.user.clearance, compartments: updated.user.compartments },
            actor.userId,
            now(),
          );
          await recordChange(
            services,
            actor,
            {
              action: 'clearance.set',
              objectId: params.userId,
              details: {
                from: account.user.clearance,
                to: body.clearance,
                compartments: [...updated.user.compartments],
                reason: body.reason,
              },
            },
            tx,
          );
        });
        return accountView(updated);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/{userId}/password-reset',
      tag: 'Administration',
      summary: 'Reset a password and authenticator: a new one-time password',
      description:
        'Ends the account’s sessions. The person sets up a new password and authenticator at the next sign-in.',
      access: 'signed-in',
      actions: ['account.administer'],
      params: userParams,
      response: {
        status: 200,
        schema: createdUserSchema,
        description: 'The new one-time password.',
      },
      handler: async ({ context, params }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('account.administer', programme);
        if (params.userId === actor.userId) {
          throw new HttpProblem('forbidden', 'you cannot reset your own account', {
            hint: 'change your password with POST /api/auth/password, or ask another security officer',
          });
        }
        const account = await loadAccount(data, params.userId);
        if (account.user.role === 'worker') {
          throw new HttpProblem('invalid-request', 'a worker has no password', {
            hint: 'revoke its tokens and issue a new one',
          });
        }
        const password = oneTimePassword();
        const passwordHash = await hashPassword(password, services.options.passwordHashCost);
        const updated: Account = {
          ...account,
          passwordHash,
          mustChangePassword: true,
          totp: { status: 'none' },
        };
        await services.store.transaction(async (tx) => {
          const txData = programmeData(tx);
          await txData.accounts.setPassword(account.user.id, passwordHash, { oneTime: true });
          await txData.sessions.revokeAllOf(account.user.id, now());
          await txData.accounts.resetTotp(
            account.user.id,
            'authenticator reset by a security officer',
            services.sealed,
          );
          await recordChange(
            services,
            actor,
            {
              action: 'account.reset',
              objectId: account.user.id,
            },
            tx,
          );
        });
        return {
          account: accountView(updated),
          oneTimePassword: password,
          notice:
            'give the one-time password to the person through a separate channel; it is not shown again',
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/{userId}/disable',
      tag: 'Administration',
      summary: 'Disable an account: its sessions and tokens stop working at once',
      access: 'signed-in',
      actions: ['account.administer'],
      params: userParams,
      response: { status: 200, schema: accountViewSchema, description: 'The account.' },
      handler: async ({ context, params }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('account.administer', programme);
        if (params.userId === actor.userId) {
          throw new HttpProblem('forbidden', 'you cannot disable your own account');
        }
        const account = await loadAccount(data, params.userId);
        const disabledAt = account.disabledAt ?? now();
        const updated: Account = { ...account, disabledAt };
        await services.store.transaction(async (tx) => {
          const txData = programmeData(tx);
          await txData.accounts.disable(account.user.id, disabledAt);
          await txData.sessions.revokeAllOf(account.user.id, now());
          await recordChange(
            services,
            actor,
            {
              action: 'account.disable',
              objectId: account.user.id,
            },
            tx,
          );
        });
        return accountView(updated);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/users/{userId}/tokens',
      tag: 'Administration',
      summary: 'Issue an API token to a worker (shown once)',
      access: 'signed-in',
      actions: ['account.administer'],
      params: userParams,
      body: workerTokenBody,
      response: {
        status: 201,
        schema: issuedTokenSchema,
        description: 'The token, shown once.',
      },
      handler: async ({ context, params, body }) => {
        const { data, guard, actor } = routeTools(context);
        await guard.require('account.administer', programme);
        const account = await loadAccount(data, params.userId);
        if (account.user.role !== 'worker') {
          throw new HttpProblem(
            'invalid-request',
            'only workers get tokens from an administrator',
            {
              hint: 'people create their own tokens: POST /api/auth/tokens',
            },
          );
        }
        return createApiToken(context, account, body, actor.userId);
      },
    }),
  ];
}
