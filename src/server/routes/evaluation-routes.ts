import { z } from 'zod';
import { evaluationTrackSchema, textSchema } from '../../programme/index.js';
import { jobRecordSchema } from '../../queue/job.js';
import { requireIdentity } from '../auth/authenticate.js';
import { HttpProblem } from '../http/http-problem.js';
import { activeBenchmarks } from '../jobs/sealed-benchmark-task.js';
import { benchmarkMarking } from '../authorization/markings.js';
import { programmeOffice } from '../bootstrap.js';
import { benchmarkResource } from './shared/benchmark-store.js';
import { isSealedSuite } from './shared/sealed-items-access.js';
import { builtinTrackSuites } from '../jobs/suite-catalogue.js';
import { trackEvaluationJobKind } from '../jobs/track-evaluation-job-kind.js';
import { defineRoute, type Route } from './route.js';
import { loadSubmissionRecord } from './shared/load.js';
import { recordChange } from './shared/record-change.js';
import { submissionParams } from './shared/schemas.js';
import { submissionResource } from './shared/submission-resource.js';
import { routeTools } from './shared/tools.js';

const tag = 'Runs';

const suiteSchema = z
  .object({ name: z.string(), track: evaluationTrackSchema, description: z.string() })
  .strict();

const launchBody = z
  .object({
    track: evaluationTrackSchema,
    suites: z
      .array(z.string().min(1).max(120))
      .min(1, 'name at least one suite of the track')
      .max(20)
      .refine((names) => new Set(names).size === names.length, 'name each suite once'),
    /** Samples per suite (default: all). */
    limit: z.number().int().min(1).max(10_000).exactOptional(),
    epochs: z.number().int().min(1).max(20).exactOptional(),
    reason: textSchema.exactOptional(),
  })
  .strict();

/** Launching a track's suites against a submission's model while its window is open. */
export function evaluationRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/evaluation-suites',
      tag,
      summary: 'The built-in suites of each evaluation track',
      description:
        'What an evaluator can launch on a track. Sealed benchmark item sets are listed apart, to those cleared for them (GET /api/benchmarks).',
      access: 'signed-in',
      query: z.object({ track: evaluationTrackSchema.exactOptional() }).strict(),
      response: {
        status: 200,
        schema: z.object({ suites: z.array(suiteSchema) }).strict(),
        description: 'The suites.',
      },
      handler: ({ context, query }) => {
        requireIdentity(context);
        return Promise.resolve({ suites: builtinTrackSuites(query.track) });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/evaluations',
      tag,
      summary: 'Run suites of a track against the model while its window is open',
      description:
        'Queues a job that runs the named suites (sandboxed ones included) against the submission’s model through its stored access grant, as the worker identity; each suite becomes a run with its sealed transcript. Only an agency assigned to the track, or an active trusted partner, may launch, and only while the access window is open; a withdrawal, a release or the window’s end stops the job within seconds.',
      access: 'signed-in',
      actions: ['evaluation.launch'],
      params: submissionParams,
      body: launchBody,
      response: { status: 202, schema: jobRecordSchema, description: 'The queued job.' },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require(
          'evaluation.launch',
          await submissionResource(data, record, { evaluation: true, track: body.track }),
        );
        const sealedSets = await activeBenchmarks(data, { track: body.track });
        // Naming a sealed item set takes being cleared to see it (its transcripts hold the
        // items). A name that matches no set is judged against the marking sets get, so the
        // answer does not tell someone uncleared which sets exist.
        for (const name of body.suites.filter(isSealedSuite)) {
          const set = sealedSets.find((candidate) => candidate.name === name);
          await guard.require(
            'benchmark.read',
            set === undefined
              ? {
                  kind: 'benchmark',
                  benchmarkId: name,
                  marking: benchmarkMarking(programmeOffice.id),
                }
              : benchmarkResource(set),
          );
        }
        const builtin = builtinTrackSuites(body.track).map((suite) => suite.name);
        const known = [...builtin, ...sealedSets.map((benchmark) => benchmark.name)];
        const unknown = body.suites.filter((name) => !known.includes(name));
        if (unknown.length > 0) {
          throw new HttpProblem(
            'invalid-request',
            `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a suite' : 'are not suites'} of the ${body.track} track`,
            {
              hint: `choose from ${builtin.length === 0 ? 'no built-in suite yet' : builtin.join(', ')} (GET /api/evaluation-suites), or a sealed item set of the track (GET /api/benchmarks)`,
            },
          );
        }
        if (record.credential === undefined) {
          throw new HttpProblem('conflict', 'the model’s access credential is gone', {
            hint: 'the developer stores the endpoint credential again: PUT /api/submissions/{submissionId}/access-grant',
          });
        }
        const job = await services.queue.enqueue({
          kind: trackEvaluationJobKind,
          payload: {
            submissionId: params.submissionId,
            requestedBy: actor.userId,
            track: body.track,
            suites: body.suites,
            ...(body.limit === undefined ? {} : { limit: body.limit }),
            ...(body.epochs === undefined ? {} : { epochs: body.epochs }),
          },
          maxAttempts: 1,
        });
        await recordChange(services, actor, {
          action: 'evaluation.launched',
          objectId: params.submissionId,
          objectMarking: record.marking,
          details: {
            jobId: job.id,
            track: body.track,
            suites: body.suites,
            ...(body.reason === undefined ? {} : { reason: body.reason }),
          },
        });
        return job;
      },
    }),
  ];
}
