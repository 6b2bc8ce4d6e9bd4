import { z } from 'zod';
import { jobRecordSchema } from '../../queue/job.js';
import { runRecordSchema } from '../data/records.js';
import { defineRoute, type Route } from './route.js';
import { found, loadSubmissionRecord } from './shared/load.js';
import { jobParams, runParams, submissionParams } from './shared/schemas.js';
import { submissionResource } from './shared/submission-resource.js';
import { routeTools } from './shared/tools.js';

const tag = 'Runs';

/** Evaluation runs (the battery's and the tracks') and the jobs that make them. */
export function runRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}/runs',
      tag,
      summary: 'The submission’s evaluation runs, with status and metrics',
      access: 'signed-in',
      actions: ['evaluation.read'],
      params: submissionParams,
      response: {
        status: 200,
        schema: z.object({ runs: z.array(runRecordSchema) }).strict(),
        description: 'The runs.',
      },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require(
          'evaluation.read',
          await submissionResource(data, record, { evaluation: true }),
        );
        return { runs: await data.runs.list(params.submissionId) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/runs/{runId}',
      tag,
      summary: 'One run, linked to its eval log',
      access: 'signed-in',
      actions: ['evaluation.read'],
      params: runParams,
      response: { status: 200, schema: runRecordSchema, description: 'The run.' },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const run = found(await data.runs.get(params.runId), `run ${params.runId}`);
        const submissionId = found(run.run.submissionId, `submission of run ${params.runId}`);
        const record = await loadSubmissionRecord(data, submissionId);
        await guard.require(
          'evaluation.read',
          await submissionResource(data, record, { evaluation: true }),
        );
        return run;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/jobs/{jobId}',
      tag,
      summary: 'Where a queued job stands',
      access: 'signed-in',
      actions: ['submission.read'],
      params: jobParams,
      response: { status: 200, schema: jobRecordSchema, description: 'The job.' },
      handler: async ({ context, params }) => {
        const { services, data, guard } = routeTools(context);
        const job = found(await services.queue.status(params.jobId), `job ${params.jobId}`);
        const payload = z.object({ submissionId: z.string() }).loose().safeParse(job.payload);
        const submissionId = found(
          payload.success ? payload.data.submissionId : undefined,
          `submission of job ${params.jobId}`,
        );
        const record = await loadSubmissionRecord(data, submissionId);
        await guard.require('submission.read', await submissionResource(data, record));
        return job;
      },
    }),
  ];
}
