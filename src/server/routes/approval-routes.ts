import { z } from 'zod';
import { approvalRequestInputSchema, approvalRequestSchema } from '../../programme/index.js';
import { decideApproval, requestApproval } from '../../programme/approval/two-person-approval.js';
import { programmeData } from '../data/programme-data.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import { found } from './shared/load.js';
import { newId } from './shared/new-id.js';
import { programme } from './shared/programme-resource.js';
import { approvalParams } from './shared/schemas.js';
import { routeTools } from './shared/tools.js';
import { recordChange } from './shared/record-change.js';

const tag = 'Two-person approvals';

/** A request names its action; `export.bulk` is accepted here only to be refused by the domain. */
const requestBody = z.union([
  approvalRequestInputSchema,
  z.object({ action: z.literal('export.bulk') }).loose(),
]);

const decideBody = z
  .object({ approved: z.boolean(), comment: z.string().max(2000).exactOptional() })
  .strict();

/** Two-person approvals for sensitive actions: one person asks, a security officer decides. */
export function approvalRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/approvals',
      tag,
      summary: 'Ask for a second person’s approval of a sensitive action',
      description:
        'Unmasking a credential (objectId `credential:<submissionId>`), exporting one submission’s transcripts (`transcripts:<submissionId>`) or lowering a marking (`marking:<submissionId>`). The approval is used once. Bulk export is refused outright.',
      access: 'signed-in',
      actions: ['approval.request'],
      body: requestBody,
      response: { status: 201, schema: approvalRequestSchema, description: 'The pending request.' },
      problems: ['bulk-export-refused', 'rule-refused'],
      handler: async ({ context, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('approval.request', programme);
        const requested = requestApproval(
          newId('approval'),
          body,
          guard.identity.account.user,
          now(),
        );
        if (!requested.ok) throw requested.error;
        const submissionId = requested.value.request.submissionId;
        if (
          submissionId !== undefined &&
          (await data.submissions.get(submissionId)) === undefined
        ) {
          throw new HttpProblem('invalid-request', `there is no submission ${submissionId}`, {
            errors: [
              {
                field: 'body.submissionId',
                problem: 'unknown submission',
                fix: 'name the submission the object belongs to',
              },
            ],
          });
        }
        await services.store.transaction(async (tx) => {
          await programmeData(tx).approvals.insert(requested.value);
          await recordChange(
            services,
            actor,
            {
              action: 'approval.request',
              objectId: requested.value.id,
              details: {
                requested: requested.value.request.action,
                target: requested.value.request.objectId,
              },
            },
            tx,
          );
        });
        return requested.value;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/approvals',
      tag,
      summary: 'Requests to decide (security officers) or your own requests',
      access: 'signed-in',
      actions: ['approval.decide', 'approval.request'],
      response: {
        status: 200,
        schema: z.object({ approvals: z.array(approvalRequestSchema) }).strict(),
        description: 'The requests.',
      },
      handler: async ({ context }) => {
        const { data, guard, actor } = routeTools(context);
        if (guard.identity.account.user.role === 'security_officer') {
          await guard.require('approval.decide', programme);
          return { approvals: await data.approvals.list() };
        }
        await guard.require('approval.request', programme);
        return { approvals: await data.approvals.list(actor.userId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/approvals/{approvalId}/decide',
      tag,
      summary: 'Approve or reject a request (never your own)',
      access: 'signed-in',
      actions: ['approval.decide'],
      params: approvalParams,
      body: decideBody,
      response: { status: 200, schema: approvalRequestSchema, description: 'The decided request.' },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        await guard.require('approval.decide', programme);
        const approval = found(
          await data.approvals.get(params.approvalId),
          `approval ${params.approvalId}`,
        );
        const decided = decideApproval(
          approval,
          guard.identity.account.user,
          body.approved,
          now(),
          body.comment,
        );
        if (!decided.ok) throw decided.error;
        await services.store.transaction(async (tx) => {
          if (!(await programmeData(tx).approvals.saveDecision(decided.value))) {
            throw new HttpProblem('conflict', 'the request was decided by someone else just now', {
              hint: 'read it again: GET /api/approvals',
            });
          }
          await recordChange(
            services,
            actor,
            {
              action: 'approval.decide',
              objectId: approval.id,
              details: {
                approved: body.approved,
                requester: approval.requesterId,
              },
            },
            tx,
          );
        });
        return decided.value;
      },
    }),
  ];
}
