import { z } from 'zod';
import { policyTable } from '../../programme/policy/policy-table.js';
import type { Action } from '../../programme/index.js';
import { issueApiToken } from '../auth/api-token.js';
import { requireIdentity } from '../auth/authenticate.js';
import type { AppContext } from '../context.js';
import { programmeData } from '../data/programme-data.js';
import { apiTokenSchema, tokenScopeSchema, type Account, type ApiToken } from '../data/records.js';
import { HttpProblem } from '../http/http-problem.js';
import { without } from '../util/without.js';
import { defineRoute, type Route } from './route.js';
import { doneSchema, tokenParams } from './shared/schemas.js';
import { auditAccount } from './shared/auth-support.js';

const tag = 'Authentication';

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

/** API tokens for the CLI and workers. */
export function tokenRoutes(): Route[] {
  return [
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
          await data.apiTokens.revoke(token.id, services.clock.now().toISOString());
        }
        await auditAccount(context, {
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
