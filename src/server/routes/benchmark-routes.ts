import { z } from 'zod';
import {
  benchmarkItemFormats,
  benchmarkLevels,
  evaluationTrackSchema,
  idSchema,
  maxBenchmarkItems,
  sealedBenchmarkName,
  sealedBenchmarkSchema,
  sealedBenchmarkTaskSpecSchema,
  textSchema,
} from '../../programme/index.js';
import { benchmarkMarking } from '../authorization/markings.js';
import { programmeData } from '../data/programme-data.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import {
  benchmarkResource,
  loadBenchmark,
  openBenchmark,
  prepareBenchmark,
  storeBenchmark,
} from './shared/benchmark-store.js';
import { newId } from './shared/new-id.js';
import { recordChange } from './shared/record-change.js';
import { reasonBody } from './shared/schemas.js';
import { sealedReaderOf } from './shared/sealed-reader.js';
import { routeTools } from './shared/tools.js';

const tag = 'Sealed benchmarks';

const benchmarkParams = z.object({ benchmarkId: idSchema }).strict();

const uploadBody = z
  .object({
    /** The slug (`cyber_mcq`) or the full name (`sealed.cyber_mcq`). */
    name: z
      .string()
      .regex(
        /^(sealed\.)?[a-z][a-z0-9_]{0,62}$/,
        'name the benchmark with a slug: a letter then lower-case letters, digits and "_", e.g. cyber_mcq (it is stored as sealed.cyber_mcq)',
      ),
    title: textSchema,
    track: evaluationTrackSchema,
    level: z
      .enum(benchmarkLevels, {
        error: () => `a benchmark is classified: use ${benchmarkLevels.join(' or ')}`,
      })
      .default('SECRET'),
    inBattery: z.boolean().default(true),
    format: z.enum(benchmarkItemFormats, {
      error: () =>
        'write the items as jsonl (one JSON object per line) or csv (a header row first)',
    }),
    items: z
      .string()
      .min(1, 'give the items: one JSON object per line (jsonl), or CSV with a header row'),
    task: sealedBenchmarkTaskSpecSchema.optional(),
  })
  .strict();

const listQuery = z
  .object({
    track: evaluationTrackSchema.exactOptional(),
    /** `true`: only versions not retired. */
    active: z.enum(['true', 'false']).exactOptional(),
  })
  .strict();

const itemsSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    version: z.number().int(),
    digest: z.string(),
    format: z.enum(benchmarkItemFormats),
    items: z.string(),
    task: sealedBenchmarkTaskSpecSchema,
  })
  .strict();

/**
 * Sealed benchmark item sets: uploaded and retired by the coordinator, listed to cleared
 * government staff, their items opened (an audited sealed read) by the coordinator and agency
 * leads. Jobs use them through `jobs/sealed-benchmark-task.ts`.
 */
export function benchmarkRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/benchmarks',
      tag,
      summary: 'The sealed benchmarks you may read (names, versions, item counts; never items)',
      access: 'signed-in',
      actions: ['benchmark.read'],
      query: listQuery,
      response: {
        status: 200,
        schema: z.object({ benchmarks: z.array(sealedBenchmarkSchema) }).strict(),
        description: 'The benchmarks, by name then version.',
      },
      handler: async ({ context, query }) => {
        const { data, guard } = routeTools(context);
        const visible = [];
        const all = await data.benchmarks.list({
          ...(query.track === undefined ? {} : { track: query.track }),
          activeOnly: query.active === 'true',
        });
        for (const benchmark of all) {
          if ((await guard.decide('benchmark.read', benchmarkResource(benchmark))).allowed) {
            visible.push(benchmark);
          }
        }
        return { benchmarks: visible };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/benchmarks',
      tag,
      summary: 'Upload a sealed benchmark (a new version when the name exists)',
      description: `Items as JSON Lines or CSV (the dataset format: input, target, choices, id, metadata), at most ${maxBenchmarkItems}, and optionally how to run them (a task file's solver, scorer, epochs, reducer, limits and config; multiple-choice items default to the multiple-choice prompt and the choice scorer, others to generate and match). Every item is checked before anything is stored; a bad one is named by its line. The items are sealed at once, marked SECRET (or TOP_SECRET) in BENCHMARKS. model_graded scorers are refused: the service has no grader model.`,
      access: 'signed-in',
      actions: ['benchmark.manage'],
      body: uploadBody,
      response: { status: 201, schema: sealedBenchmarkSchema, description: 'The new version.' },
      problems: ['conflict'],
      handler: async ({ context, body }) => {
        const { services, guard, now, actor } = routeTools(context);
        const user = guard.identity.account.user;
        const name = sealedBenchmarkName(body.name.replace(/^sealed\./, ''));
        const id = newId('bench');
        await guard.require('benchmark.manage', {
          kind: 'benchmark',
          benchmarkId: id,
          marking: benchmarkMarking(user.organisationId, body.level),
        });
        const prepared = prepareBenchmark(
          { ...body, name, task: body.task ?? sealedBenchmarkTaskSpecSchema.parse({}) },
          { id, uploadedBy: user.id, ownerId: user.organisationId, uploadedAt: now() },
        );
        return storeBenchmark(services, actor, prepared);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/benchmarks/{benchmarkId}',
      tag,
      summary: 'One sealed benchmark’s clear part (no items)',
      access: 'signed-in',
      actions: ['benchmark.read'],
      params: benchmarkParams,
      response: { status: 200, schema: sealedBenchmarkSchema, description: 'The benchmark.' },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const benchmark = await loadBenchmark(data, params.benchmarkId);
        await guard.require('benchmark.read', benchmarkResource(benchmark));
        return benchmark;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/benchmarks/{benchmarkId}/items',
      tag,
      summary: 'A sealed benchmark’s items and task settings (a sealed read, recorded)',
      description:
        'The items as uploaded, their format and digest, and how they are run. Each read is recorded in the audit trail before the items are returned.',
      access: 'signed-in',
      actions: ['benchmark.open'],
      params: benchmarkParams,
      response: { status: 200, schema: itemsSchema, description: 'The items.' },
      problems: ['gone'],
      handler: async ({ context, params }) => {
        const { services, data, guard, actor } = routeTools(context);
        const benchmark = await loadBenchmark(data, params.benchmarkId);
        await guard.require('benchmark.open', benchmarkResource(benchmark));
        const body = await openBenchmark(
          services,
          benchmark,
          sealedReaderOf(actor, 'read benchmark items'),
        );
        return {
          id: benchmark.id,
          name: benchmark.name,
          version: benchmark.version,
          digest: benchmark.digest,
          format: body.format,
          items: body.items,
          task: body.task,
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/benchmarks/{benchmarkId}/retire',
      tag,
      summary: 'Retire a version: no job runs it any more; its items stay readable',
      access: 'signed-in',
      actions: ['benchmark.manage'],
      params: benchmarkParams,
      body: reasonBody,
      response: {
        status: 200,
        schema: sealedBenchmarkSchema,
        description: 'The retired version.',
      },
      problems: ['conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const benchmark = await loadBenchmark(data, params.benchmarkId);
        await guard.require('benchmark.manage', benchmarkResource(benchmark));
        const alreadyRetired = () =>
          new HttpProblem(
            'conflict',
            `sealed benchmark ${benchmark.name} v${benchmark.version} is retired already`,
            { hint: 'upload the items again under the same name to make a new version' },
          );
        if (benchmark.retiredAt !== undefined) throw alreadyRetired();
        const retired = { ...benchmark, retiredAt: now(), retiredBy: actor.userId };
        await services.store.transaction(async (tx) => {
          // Two retirements racing: the store keeps the first; the second is a 409.
          if (
            !(await programmeData(tx).benchmarks.retire(
              benchmark.id,
              actor.userId,
              retired.retiredAt,
            ))
          )
            throw alreadyRetired();
          await recordChange(
            services,
            actor,
            {
              action: 'benchmark.retire',
              objectId: benchmark.id,
              objectMarking: benchmark.marking,
              details: { name: benchmark.name, version: benchmark.version, reason: body.reason },
            },
            tx,
          );
        });
        return retired;
      },
    }),
  ];
}
