import { z } from 'zod';
import { idSchema } from '../ids.js';
import { batteryMetricsSchema, declaredFactsSchema } from '../criteria/battery-metrics.js';
import { criteriaEvaluationSchema } from '../criteria/criteria-evaluation.js';
import { markingSchema } from '../marking/marking.js';
import { timestampSchema } from '../time/timestamp.js';

/** A model under the programme: designation attaches to it, whether or not its developer takes part. */
export const modelSchema = z
  .object({
    id: idSchema,
    developerOrganisationId: idSchema,
    name: z.string().trim().min(1).max(200),
    /** A developer may ask for a determination on a model still in development. */
    inDevelopment: z.boolean(),
  })
  .strict()
  .readonly();

export type Model = z.infer<typeof modelSchema>;

/**
 * The adjudicator's determination: the inputs, the criteria version, its evaluation and who
 * recorded it when. Sealed. `submissionId` is absent when the developer never opted in:
 * designation does not depend on participation.
 */
export const determinationSchema = z
  .object({
    id: idSchema,
    modelId: idSchema,
    developerOrganisationId: idSchema,
    submissionId: idSchema.exactOptional(),
    inputs: z
      .object({
        metrics: batteryMetricsSchema,
        facts: declaredFactsSchema,
        runIds: z.array(idSchema).readonly(),
      })
      .strict()
      .readonly(),
    evaluation: criteriaEvaluationSchema,
    adjudicatorId: idSchema,
    determinedAt: timestampSchema,
    marking: markingSchema,
  })
  .strict()
  .readonly();

export type Determination = z.infer<typeof determinationSchema>;

/** The statement every release of a determination carries. */
export const informationNotPermission =
  'This determination is information, not permission. It does not approve, deny, license, ' +
  'preclear or delay the release of any model; the developer may release at any time.';

/** What the developer receives: no thresholds, no rule text, no metric values. */
export const sanitisedDeterminationSchema = z
  .object({
    determinationId: idSchema,
    modelId: idSchema,
    determinedAt: timestampSchema,
    status: z.enum(['designated', 'not_designated', 'insufficient_evidence']),
    statement: z.literal(informationNotPermission),
  })
  .strict()
  .readonly();

export type SanitisedDetermination = z.infer<typeof sanitisedDeterminationSchema>;
