import { z } from 'zod';
import { scorerSpecName } from '../../core/scorers/scorer-spec.js';
import { solverSpecSchema } from '../../core/solvers/solver-spec.js';
import { taskFileSchema } from '../../core/task/task-file-schema.js';
import { idSchema, textSchema } from '../ids.js';
import { markingSchema } from '../marking/marking.js';
import { timestampSchema } from '../time/timestamp.js';
import { evaluationTrackSchema } from '../tracks/track-assignment.js';

/** The slug of a sealed benchmark's name: lower case, as a metric-name segment must be. */
export const benchmarkSlugSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,62}$/,
    'write the name as a letter then lower-case letters, digits and "_" (at most 63), e.g. cyber_mcq',
  );

/**
 * A sealed benchmark's name, `sealed.<slug>`: its task carries the name, so its metrics read
 * `sealed.<slug>.<metric>` and never collide with a built-in suite's.
 */
export const sealedBenchmarkNameSchema = z
  .string()
  .regex(
    /^sealed\.[a-z][a-z0-9_]{0,62}$/,
    'a sealed benchmark is named sealed.<slug>, e.g. sealed.cyber_mcq',
  );

/** The name of the sealed benchmark with `slug`. */
export function sealedBenchmarkName(slug: string): string {
  return `sealed.${slug}`;
}

/** How the items are written: JSON Lines or CSV, as for a dataset file. */
export const benchmarkItemFormats = ['jsonl', 'csv'] as const;
export type BenchmarkItemFormat = (typeof benchmarkItemFormats)[number];

/** The levels a benchmark may be marked at: its items are classified, never below SECRET. */
export const benchmarkLevels = ['SECRET', 'TOP_SECRET'] as const;
export type BenchmarkLevel = (typeof benchmarkLevels)[number];

/** The most items one benchmark holds: the battery runs a fast subset anyway. */
export const maxBenchmarkItems = 10_000;

/**
 * How the items are run: a task file's settings without its name, dataset, description and
 * metadata (the benchmark supplies those). Solver and scorer may be left out; the service fills
 * them in from the items. A `model_graded` scorer is refused: the service has no grader model.
 */
export const sealedBenchmarkTaskSpecSchema = taskFileSchema
  .omit({ name: true, dataset: true, description: true, metadata: true })
  .extend({
    solver: solverSpecSchema.optional(),
    scorer: taskFileSchema.shape.scorer.optional(),
  })
  .superRefine((spec, context) => {
    for (const [index, scorer] of (spec.scorer ?? []).entries()) {
      if (scorerSpecName(scorer) === 'model_graded') {
        context.addIssue({
          code: 'custom',
          path: ['scorer', index],
          message:
            'model_graded needs a grader model, which the service does not have: score sealed items with exact, match, includes, pattern, choice or numeric',
        });
      }
    }
  });

export type SealedBenchmarkTaskSpec = z.output<typeof sealedBenchmarkTaskSpecSchema>;

/** What is sealed of a benchmark: the items as uploaded, their format, and how they are run. */
export const sealedBenchmarkBodySchema = z
  .object({
    format: z.enum(benchmarkItemFormats),
    items: z.string().min(1),
    task: sealedBenchmarkTaskSpecSchema,
  })
  .strict()
  .readonly();

export type SealedBenchmarkBody = z.infer<typeof sealedBenchmarkBodySchema>;

/**
 * A sealed benchmark's clear part: what may be listed without opening it. The items, their
 * format and the task settings are sealed (`SealedBenchmarkBody`); `digest` (SHA-256 of the
 * items text) lets a run show which items it used without revealing them. Uploading under a
 * name that exists makes its next version; a retired version stays readable but no longer runs.
 */
export const sealedBenchmarkSchema = z
  .object({
    id: idSchema,
    name: sealedBenchmarkNameSchema,
    version: z.number().int().min(1),
    title: textSchema,
    track: evaluationTrackSchema,
    marking: markingSchema,
    itemCount: z.number().int().min(1).max(maxBenchmarkItems),
    digest: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lower-case hex'),
    /** Whether the designation battery runs it. */
    inBattery: z.boolean(),
    uploadedBy: idSchema,
    uploadedAt: timestampSchema,
    retiredAt: timestampSchema.exactOptional(),
    retiredBy: idSchema.exactOptional(),
  })
  .strict()
  .refine(
    (benchmark) => (benchmark.retiredAt === undefined) === (benchmark.retiredBy === undefined),
    {
      error: 'a retirement names both when and by whom',
      path: ['retiredBy'],
    },
  )
  .readonly();

export type SealedBenchmark = z.infer<typeof sealedBenchmarkSchema>;

/** The newest version of each name that is not retired, by name. */
export function newestActiveVersions(benchmarks: readonly SealedBenchmark[]): SealedBenchmark[] {
  const newest = new Map<string, SealedBenchmark>();
  for (const benchmark of benchmarks) {
    if (benchmark.retiredAt !== undefined) continue;
    const current = newest.get(benchmark.name);
    if (current === undefined || benchmark.version > current.version)
      newest.set(benchmark.name, benchmark);
  }
  return [...newest.values()].sort((first, second) => first.name.localeCompare(second.name));
}
