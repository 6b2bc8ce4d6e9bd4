import { z } from 'zod';
import {
  submissionEventSchema,
  textSchema,
  timestampSchema,
  windowCountdown,
  type SubmissionResource,
} from '../../programme/index.js';
import { submissionMarking } from '../authorization/markings.js';
import { programmeData } from '../data/programme-data.js';
import { HttpProblem } from '../http/http-problem.js';
import { checkCredentialProvider, credentialSchema } from './credential.js';
import { defineRoute, type Route } from './route.js';
import { loadSubmissionRecord } from './shared/load.js';
import { newId } from './shared/new-id.js';
import { createSubmission } from './shared/record-event.js';
import { without } from '../util/without.js';
import { submissionParams } from './shared/schemas.js';
import { submissionResource } from './shared/submission-resource.js';
import { routeTools } from './shared/tools.js';
import { actOnSubmission } from './shared/act-on-submission.js';
import { countdownSchema, submissionView, submissionViewSchema } from './submission-views.js';
import { recordChange } from './shared/record-change.js';

const tag = 'Submissions';

const createBody = z
  .object({
    model: z
      .object({
        name: z.string().trim().min(1, 'name the model').max(200),
        inDevelopment: z.boolean().default(false),
      })
      .strict(),
    reason: textSchema.default('opted in'),
  })
  .strict();

const reasonOnly = z.object({ reason: textSchema.exactOptional() }).strict();

const releaseBody = z
  .object({
    /** When the model was released; now when left out. */
    releasedAt: timestampSchema.exactOptional(),
    reason: textSchema.exactOptional(),
  })
  .strict();

const releaseDateBody = z
  .object({ declaredReleaseAt: timestampSchema, reason: textSchema.exactOptional() })
  .strict();

/** A placeholder resource for a submission about to be created: the caller's own organisation. */
function prospective(organisationId: string, submissionId: string): SubmissionResource {
  return {
    kind: 'submission',
    submissionId,
    developerOrganisationId: organisationId,
    marking: submissionMarking(organisationId),
    assignedAgencyIds: [],
    trustedPartners: [],
    window: undefined,
  };
}

const listSchema = z.object({ submissions: z.array(submissionViewSchema) }).strict();
const eventsSchema = z.object({ events: z.array(submissionEventSchema) }).strict();
const countdownViewSchema = z
  .object({ submissionId: z.string(), state: z.string(), countdown: countdownSchema.nullable() })
  .strict();

/** Submissions: the developer's own acts (opt in, grant access, release, withdraw) and reads. */
export function submissionRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/submissions',
      tag,
      summary: 'Opt a model in: create a submission in draft',
      description:
        'A developer admin opts one of its organisation’s models in, by its own act. The submission starts as a draft. Nothing about a submission is a licence, a permit or a release gate.',
      access: 'signed-in',
      actions: ['submission.create'],
      body: createBody,
      response: { status: 201, schema: submissionViewSchema, description: 'The new submission.' },
      handler: async ({ context, body }) => {
        const { services, guard, now, actor } = routeTools(context);
        const organisationId = guard.identity.account.user.organisationId;
        const submissionId = newId('sub');
        await guard.require('submission.create', prospective(organisationId, submissionId));
        const created = await createSubmission(services, actor, {
          event: {
            type: 'submission-drafted',
            submissionId,
            actorId: actor.userId,
            at: now(),
            reason: body.reason,
            developerOrganisationId: organisationId,
            modelId: newId('model'),
          },
          model: body.model,
          marking: submissionMarking(organisationId),
        });
        return submissionView(programmeData(services.store.db), created, now());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/submissions',
      tag,
      summary: 'The submissions you may see',
      description:
        'Every submission the policy lets you read; each decision is recorded in the audit trail.',
      access: 'signed-in',
      actions: ['submission.read'],
      response: {
        status: 200,
        schema: listSchema,
        description: 'The submissions, oldest id first.',
      },
      handler: async ({ context }) => {
        const { data, guard, now } = routeTools(context);
        const user = guard.identity.account.user;
        // Developers' staff can only ever see their own organisation's: ask only about those.
        const records =
          user.role === 'developer_admin' || user.role === 'developer_member'
            ? await data.submissions.list(user.organisationId)
            : await data.submissions.list();
        const visible = [];
        for (const record of records) {
          const decision = await guard.decide(
            'submission.read',
            await submissionResource(data, record),
          );
          if (decision.allowed) visible.push(await submissionView(data, record, now()));
        }
        return { submissions: visible };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}',
      tag,
      summary: 'One submission, with its window countdown',
      access: 'signed-in',
      actions: ['submission.read'],
      params: submissionParams,
      response: { status: 200, schema: submissionViewSchema, description: 'The submission.' },
      handler: async ({ context, params }) => {
        const { data, guard, now } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.read', await submissionResource(data, record));
        return submissionView(data, record, now());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}/events',
      tag,
      summary: 'The submission’s events: every transition, with actor, time and reason',
      access: 'signed-in',
      actions: ['submission.read'],
      params: submissionParams,
      response: { status: 200, schema: eventsSchema, description: 'The events, oldest first.' },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.read', await submissionResource(data, record));
        return { events: await data.submissions.events(params.submissionId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}/countdown',
      tag,
      summary: 'The access window countdown',
      description:
        'Open or closed, when and why it closes (the earliest of 30 days or the configured cap, the declared release, the release, withdrawal, an early end), and the time left.',
      access: 'signed-in',
      actions: ['submission.read'],
      params: submissionParams,
      response: {
        status: 200,
        schema: countdownViewSchema,
        description: 'The countdown; null before the window opens.',
      },
      handler: async ({ context, params }) => {
        const { data, guard, now } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.read', await submissionResource(data, record));
        const window = record.submission.window;
        return {
          submissionId: record.submission.id,
          state: record.submission.state,
          countdown: window === undefined ? null : windowCountdown(window, now()),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/submit',
      tag,
      summary: 'Submit the draft: the developer’s opt-in',
      access: 'signed-in',
      actions: ['submission.submit'],
      params: submissionParams,
      body: reasonOnly,
      response: {
        status: 200,
        schema: submissionViewSchema,
        description: 'The submitted submission.',
      },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        return actOnSubmission(context, params.submissionId, 'submission.submit', () => ({
          type: 'submission-submitted',
          reason: body.reason ?? 'submitted',
        }));
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/submissions/{submissionId}/access-grant',
      tag,
      summary: 'Grant access to the model: store the endpoint credential, sealed',
      description:
        'The developer gives the programme access to its model as part of opting in. The key is encrypted at rest the moment it arrives, never returned, and purged on withdrawal. Sending it again replaces it.',
      access: 'signed-in',
      actions: ['submission.submit'],
      params: submissionParams,
      body: credentialSchema,
      response: {
        status: 200,
        schema: submissionViewSchema,
        description: 'The submission, with the credential’s public part.',
      },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.submit', await submissionResource(data, record));
        checkCredentialProvider(body.model, services.options.referenceModels);
        const stored = await services.store.transaction(async (tx) => {
          const txData = programmeData(tx);
          const current = await loadSubmissionRecord(txData, params.submissionId, { lock: true });
          const state = current.submission.state;
          if (state === 'withdrawn' || state === 'window_closed' || state === 'reported') {
            throw new HttpProblem(
              'conflict',
              `the submission is ${state}: no access is needed any more`,
              {
                hint: 'opt the model in again with a new submission to grant access',
              },
            );
          }
          // A grant already there is revoked and its key purged: one usable key at most.
          const grantId = newId('grant');
          const storedAt = now();
          await txData.submissions.grantAccess(
            params.submissionId,
            {
              id: grantId,
              model: body.model,
              ...(body.baseUrl === undefined ? {} : { baseUrl: body.baseUrl }),
              grantedBy: actor.userId,
              at: storedAt,
            },
            JSON.stringify(body),
            services.sealed,
          );
          const next = {
            ...without(current, 'credentialPurgedAt'),
            credential: {
              model: body.model,
              storedAt,
              storedBy: actor.userId,
              ...(body.baseUrl === undefined ? {} : { baseUrl: body.baseUrl }),
            },
          };
          await recordChange(
            services,
            actor,
            {
              action: 'credential.store',
              objectId: params.submissionId,
              objectMarking: next.marking,
              details: { model: body.model, grantId },
            },
            tx,
          );
          return next;
        });
        return submissionView(data, stored, now());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/release',
      tag,
      summary: 'Record the model’s release — never blocked',
      throttled: false,
      description:
        'A release is a fact the developer records, in any state, at any time; nobody approves it. An open window closes at once. This request is never throttled.',
      access: 'signed-in',
      actions: ['submission.record_release'],
      params: submissionParams,
      body: releaseBody,
      response: {
        status: 200,
        schema: submissionViewSchema,
        description: 'The submission after the release.',
      },
      handler: async ({ context, params, body }) => {
        return actOnSubmission(context, params.submissionId, 'submission.record_release', (at) => ({
          type: 'release-recorded',
          reason: body.reason ?? 'released',
          releasedAt: body.releasedAt ?? at,
        }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/release-date',
      tag,
      summary: 'Declare (or move) the planned release date',
      description: 'The window closes no later than the declared date.',
      access: 'signed-in',
      actions: ['submission.declare_release_date'],
      params: submissionParams,
      body: releaseDateBody,
      response: { status: 200, schema: submissionViewSchema, description: 'The submission.' },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        return actOnSubmission(
          context,
          params.submissionId,
          'submission.declare_release_date',
          () => ({
            type: 'release-date-declared',
            reason: body.reason ?? 'planned release',
            declaredReleaseAt: body.declaredReleaseAt,
          }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/withdraw',
      tag,
      summary: 'Withdraw — always accepted; purges the credential',
      throttled: false,
      description:
        'Participation is voluntary: the developer may withdraw from any state, at any moment. Access ends at once and the stored credential is destroyed in the same transaction. This request is never throttled.',
      access: 'signed-in',
      actions: ['submission.withdraw'],
      params: submissionParams,
      body: reasonOnly,
      response: {
        status: 200,
        schema: submissionViewSchema,
        description: 'The withdrawn submission.',
      },
      handler: async ({ context, params, body }) => {
        return actOnSubmission(context, params.submissionId, 'submission.withdraw', () => ({
          type: 'submission-withdrawn',
          reason: body.reason ?? 'withdrawn',
        }));
      },
    }),
  ];
}
