import { z } from 'zod';
import {
  addDays,
  effectiveCapDays,
  idSchema,
  textSchema,
  windowCapDaysSchema,
  windowClosing,
} from '../../programme/index.js';
import { jobRecordSchema } from '../../queue/job.js';
import { HttpProblem } from '../http/http-problem.js';
import { batteryJobKind } from '../jobs/battery-job-kind.js';
import { defineRoute, type Route } from './route.js';
import { loadSubmissionRecord } from './shared/load.js';
import { recordSubmissionEvent } from './shared/record-event.js';
import { submissionParams } from './shared/schemas.js';
import { submissionResource } from './shared/submission-resource.js';
import { routeTools } from './shared/tools.js';
import { actOnSubmission } from './shared/act-on-submission.js';
import { submissionView, submissionViewSchema } from './submission-views.js';

const tag = 'Lifecycle';

/** How long a submission's data stays readable after its window could at most have closed. */
const retentionDays = 180;

const windowBody = z
  .object({
    /** Days, at most the programme's cap (itself at most 30). */
    capDays: windowCapDaysSchema.exactOptional(),
    reason: textSchema.exactOptional(),
  })
  .strict();

const closeBody = z
  .object({ cause: z.enum(['expired', 'ended_early']), reason: textSchema.exactOptional() })
  .strict();

const reportBody = z.object({ reportId: idSchema, reason: textSchema.exactOptional() }).strict();

const qualificationSchema = z
  .object({ submission: submissionViewSchema, job: jobRecordSchema })
  .strict();

/** Government-side steps of the lifecycle (`submission.advance`). None of them gates a release. */
export function lifecycleRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/qualification',
      tag,
      summary: 'Start qualification: run the designation battery against the model',
      description:
        'Records qualification-started and queues the battery (a fast subset of the suites). The job reaches the model only through the stored access grant, unsealed inside the job.',
      access: 'signed-in',
      actions: ['submission.advance'],
      params: submissionParams,
      body: z.object({ reason: textSchema.exactOptional() }).strict(),
      response: {
        status: 202,
        schema: qualificationSchema,
        description: 'The submission and the queued job.',
      },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.advance', await submissionResource(data, record));
        if (record.credential === undefined) {
          throw new HttpProblem(
            'conflict',
            'the developer has not granted access to the model yet',
            {
              hint: 'the developer stores the endpoint credential: PUT /api/submissions/{submissionId}/access-grant',
            },
          );
        }
        const next = await recordSubmissionEvent(
          services,
          actor,
          params.submissionId,
          (_record, at) => ({
            type: 'qualification-started',
            submissionId: params.submissionId,
            actorId: actor.userId,
            at,
            reason: body.reason ?? 'designation battery',
          }),
        );
        const job = await services.queue.enqueue({
          kind: batteryJobKind,
          payload: { submissionId: params.submissionId, requestedBy: actor.userId },
          maxAttempts: 2,
        });
        return { submission: await submissionView(data, next, now()), job };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/battery',
      tag,
      summary: 'Run the designation battery again (while qualifying)',
      access: 'signed-in',
      actions: ['submission.advance'],
      params: submissionParams,
      response: { status: 202, schema: jobRecordSchema, description: 'The queued job.' },
      problems: ['conflict'],
      handler: async ({ context, params }) => {
        const { services, data, guard, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.advance', await submissionResource(data, record));
        if (record.submission.state !== 'qualifying') {
          throw new HttpProblem(
            'conflict',
            `the submission is ${record.submission.state}, not qualifying`,
            {
              hint: 'the battery runs while a submission qualifies',
            },
          );
        }
        return services.queue.enqueue({
          kind: batteryJobKind,
          payload: { submissionId: params.submissionId, requestedBy: actor.userId },
          maxAttempts: 2,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/window',
      tag,
      summary: 'Open the access window (designated submissions)',
      description:
        'The window closes at the earliest of the cap (30 days, or the configured lower cap, or the lower cap asked for here), the declared release date, the release, withdrawal or an early end. The cap can never exceed 30 days.',
      access: 'signed-in',
      actions: ['submission.advance'],
      params: submissionParams,
      body: windowBody,
      response: {
        status: 200,
        schema: submissionViewSchema,
        description: 'The submission with its window.',
      },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.advance', await submissionResource(data, record));
        const configured = services.options.windowCapDays;
        const capDays = effectiveCapDays(Math.min(body.capDays ?? configured, configured));
        const next = await recordSubmissionEvent(
          services,
          actor,
          params.submissionId,
          (_record, at) => ({
            type: 'window-opened',
            submissionId: params.submissionId,
            actorId: actor.userId,
            at,
            reason: body.reason ?? 'access granted',
            capDays,
          }),
          (opened) =>
            opened.submission.window === undefined
              ? opened.marking
              : {
                  ...opened.marking,
                  expiresAt: addDays(
                    windowClosing(opened.submission.window).closesAt,
                    retentionDays,
                  ),
                },
        );
        return submissionView(data, next, now());
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/window/close',
      tag,
      summary: 'Close the window: its time ran out, or testing ended early',
      access: 'signed-in',
      actions: ['submission.advance'],
      params: submissionParams,
      body: closeBody,
      response: { status: 200, schema: submissionViewSchema, description: 'The submission.' },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        return actOnSubmission(context, params.submissionId, 'submission.advance', () => ({
          type: 'window-closed',
          reason: body.reason ?? body.cause,
          cause: body.cause,
        }));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/report',
      tag,
      summary: 'Record that the report was issued',
      description: 'Reports are information, never permission; every report says so.',
      access: 'signed-in',
      actions: ['submission.advance'],
      params: submissionParams,
      body: reportBody,
      response: { status: 200, schema: submissionViewSchema, description: 'The submission.' },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        return actOnSubmission(context, params.submissionId, 'submission.advance', () => ({
          type: 'report-issued',
          reason: body.reason ?? 'report issued',
          reportId: body.reportId,
        }));
      },
    }),
  ];
}
