import { z } from 'zod';
import {
  accessAgreementSchema,
  agreementAcceptanceSchema,
  grantScopeSchema,
  idSchema,
  type GrantScope,
  needToKnowGrantSchema,
  textSchema,
  timestampSchema,
} from '../../programme/index.js';
import { issueNeedToKnowGrant } from '../../programme/access/issue-grant.js';
import { requireIdentity } from '../auth/authenticate.js';
import { accessAgreementId, currentAgreement } from '../authorization/load-subject.js';
import { programmeData } from '../data/programme-data.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import { found } from './shared/load.js';
import { newId } from './shared/new-id.js';
import { programme } from './shared/programme-resource.js';
import { grantParams } from './shared/schemas.js';
import { routeTools } from './shared/tools.js';
import { recordChange } from './shared/record-change.js';

const grantBody = z
  .object({
    userId: idSchema,
    scope: grantScopeSchema,
    /** When it starts; now when left out. */
    validFrom: timestampSchema.exactOptional(),
    validUntil: timestampSchema,
    reason: textSchema,
  })
  .strict();

const grantQuery = z.object({ userId: idSchema.exactOptional() }).strict();

/** Refuses a grant for a submission or compartment that does not exist. */
async function checkScopeExists(
  data: ReturnType<typeof programmeData>,
  scope: GrantScope,
): Promise<void> {
  const exists =
    scope.kind === 'submission'
      ? (await data.submissions.get(scope.submissionId)) !== undefined
      : (await data.compartments.get(scope.compartment)) !== undefined;
  if (exists) return;
  const what =
    scope.kind === 'submission'
      ? `submission ${scope.submissionId}`
      : `compartment ${scope.compartment}`;
  throw new HttpProblem('invalid-request', `there is no ${what}`, {
    errors: [
      {
        field: scope.kind === 'submission' ? 'body.scope.submissionId' : 'body.scope.compartment',
        problem: `unknown ${scope.kind}`,
        fix: 'grant need-to-know for an existing submission or compartment',
      },
    ],
  });
}

/** Need-to-know grants (security officers) and the access agreement (everyone). */
export function grantRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/grants',
      tag: 'Security',
      summary: 'Issue a time-limited need-to-know grant',
      description:
        'For one submission or one compartment, at most 90 days; never to yourself. Renewals are new grants.',
      access: 'signed-in',
      actions: ['grant.issue'],
      body: grantBody,
      response: { status: 201, schema: needToKnowGrantSchema, description: 'The grant.' },
      problems: ['rule-refused'],
      handler: async ({ context, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('grant.issue', programme);
        found(await data.accounts.get(body.userId), `user ${body.userId}`);
        await checkScopeExists(data, body.scope);
        const issued = issueNeedToKnowGrant(
          guard.identity.account.user,
          { id: newId('grant'), ...body, validFrom: body.validFrom ?? now() },
          now(),
        );
        if (!issued.ok) throw issued.error;
        await services.store.transaction(async (tx) => {
          await programmeData(tx).grants.insert(issued.value);
          await recordChange(
            services,
            actor,
            {
              action: 'grant.issue',
              objectId: issued.value.id,
              details: {
                userId: body.userId,
                scope: body.scope,
                validUntil: body.validUntil,
              },
            },
            tx,
          );
        });
        return issued.value;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/grants',
      tag: 'Security',
      summary: 'Need-to-know grants, of everyone or one person',
      access: 'signed-in',
      actions: ['grant.issue'],
      query: grantQuery,
      response: {
        status: 200,
        schema: z.object({ grants: z.array(needToKnowGrantSchema) }).strict(),
        description: 'The grants.',
      },
      handler: async ({ context, query }) => {
        const { data, guard } = routeTools(context);
        await guard.require('grant.issue', programme);
        return { grants: await data.grants.list(query.userId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/grants/{grantId}/revoke',
      tag: 'Security',
      summary: 'Revoke a grant now',
      access: 'signed-in',
      actions: ['grant.issue'],
      params: grantParams,
      response: { status: 200, schema: needToKnowGrantSchema, description: 'The revoked grant.' },
      handler: async ({ context, params }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('grant.issue', programme);
        const grant = found(await data.grants.get(params.grantId), `grant ${params.grantId}`);
        const revoked = { ...grant, revokedAt: grant.revokedAt ?? now() };
        await services.store.transaction(async (tx) => {
          await programmeData(tx).grants.revoke(grant.id, revoked.revokedAt);
          await recordChange(
            services,
            actor,
            {
              action: 'grant.revoke',
              objectId: grant.id,
              details: { userId: grant.userId },
            },
            tx,
          );
        });
        return revoked;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/agreements/current',
      tag: 'Access agreement',
      summary: 'The access agreement in force, and whether you accepted it',
      access: 'setup',
      response: {
        status: 200,
        schema: z.object({ agreement: accessAgreementSchema, accepted: z.boolean() }).strict(),
        description: 'The agreement.',
      },
      handler: async ({ context }) => {
        const identity = requireIdentity(context, { allowSetup: true });
        const data = programmeData(context.get('services').store.db);
        const agreement = found(await currentAgreement(data), 'access agreement');
        const acceptances = await data.acceptances.list(identity.account.user.id);
        return {
          agreement,
          accepted: acceptances.some(
            (acceptance) =>
              acceptance.agreementId === agreement.id && acceptance.version === agreement.version,
          ),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/agreements/current/accept',
      tag: 'Access agreement',
      summary: 'Accept the access agreement in force',
      description:
        'Confidentiality, cybersecurity, insider-risk, intellectual-property, use and non-disclosure terms. A new version must be accepted again.',
      access: 'signed-in',
      response: { status: 200, schema: agreementAcceptanceSchema, description: 'Your acceptance.' },
      handler: async ({ context }) => {
        const identity = requireIdentity(context);
        if (identity.via !== 'session') {
          throw new HttpProblem(
            'forbidden',
            'a person accepts the agreement, in a signed-in session',
            {
              hint: 'sign in with a browser or the CLI’s login',
            },
          );
        }
        const services = context.get('services');
        const request = context.get('request');
        const data = programmeData(services.store.db);
        const agreement = found(await currentAgreement(data), 'access agreement');
        const acceptance = {
          userId: identity.account.user.id,
          agreementId: agreement.id,
          version: agreement.version,
          acceptedAt: services.clock.now().toISOString(),
        };
        const existing = (await data.acceptances.list(acceptance.userId)).find(
          (entry) => entry.agreementId === agreement.id && entry.version === agreement.version,
        );
        if (existing !== undefined) return existing;
        await services.store.transaction(async (tx) => {
          await programmeData(tx).acceptances.insert(acceptance);
          await services.audit.append(
            {
              actor: acceptance.userId,
              action: 'agreement.accept',
              source: request.source,
              outcome: 'ok',
              objectId: `${agreement.id}@${agreement.version}`,
              details: { requestId: request.requestId },
            },
            tx,
          );
        });
        return acceptance;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/agreements',
      tag: 'Access agreement',
      summary: 'Publish a new version of the access agreement',
      description: 'Everyone must accept the new version before touching programme data again.',
      access: 'signed-in',
      actions: ['account.administer'],
      body: z.object({ title: textSchema }).strict(),
      response: { status: 201, schema: accessAgreementSchema, description: 'The new version.' },
      handler: async ({ context, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('account.administer', programme);
        const current = await currentAgreement(data);
        const agreement = {
          id: accessAgreementId,
          version: (current?.version ?? 0) + 1,
          title: body.title,
          publishedAt: now(),
        };
        await services.store.transaction(async (tx) => {
          await programmeData(tx).agreements.publish(agreement);
          await recordChange(
            services,
            actor,
            {
              action: 'agreement.publish',
              objectId: `${agreement.id}@${agreement.version}`,
            },
            tx,
          );
        });
        return agreement;
      },
    }),
  ];
}
