import { z } from 'zod';
import { idSchema } from '../ids.js';
import { metricEstimateSchema } from '../criteria/battery-metrics.js';
import { metricNameSchema } from '../criteria/metric-name.js';
import { evaluationTracks } from '../tracks/track-assignment.js';
import { timestampSchema } from '../time/timestamp.js';

/** Where a harness run stands. */
export const runStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

/** A harness run against a model, linked to its eval log. */
export const evaluationRunSchema = z
  .object({
    id: idSchema,
    modelId: idSchema,
    submissionId: idSchema.exactOptional(),
    suite: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'name the suite, e.g. cyber.ctf'),
    track: z.enum(evaluationTracks).exactOptional(),
    /** The eval log, relative to the log directory. */
    logPath: z.string().min(1).max(1000),
    status: z.enum(runStatuses),
    /** The run's headline metrics, as the battery uses them. */
    metrics: z.record(metricNameSchema, metricEstimateSchema).readonly(),
    queuedAt: timestampSchema,
    startedAt: timestampSchema.exactOptional(),
    finishedAt: timestampSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type EvaluationRun = z.infer<typeof evaluationRunSchema>;
