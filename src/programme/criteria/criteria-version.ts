import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';
import { markingSchema } from '../marking/marking.js';
import { timestampSchema } from '../time/timestamp.js';
import { metricNameSchema } from './metric-name.js';

/** The type of a declared fact. */
export const factTypes = ['number', 'boolean', 'string'] as const;
export type FactType = (typeof factTypes)[number];

/** One rule: a name and an expression in the rule language (see docs/programme.md). */
export const criteriaRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_-]{0,63}$/, 'name a rule in lower case, e.g. vuln-discovery-strong'),
    expression: z.string().min(1, 'write the rule expression').max(4000),
  })
  .strict()
  .readonly();

export type CriteriaRule = z.infer<typeof criteriaRuleSchema>;

/** A lead's signature of a criteria version on behalf of an agency. */
export const criteriaSignatureSchema = z
  .object({ agencyId: idSchema, signerId: idSchema, signedAt: timestampSchema })
  .strict()
  .readonly();

export type CriteriaSignature = z.infer<typeof criteriaSignatureSchema>;

/**
 * A version of the designation criteria. Its text never changes once drafted (a change is a new
 * version); it becomes active when a lead of every required agency has signed it. Sealed: only
 * cleared government roles read it.
 */
export const criteriaVersionSchema = z
  .object({
    id: idSchema,
    version: z.number().int().min(1),
    title: textSchema,
    /** The inputs the rules may name: battery metrics, and declared facts with their types. */
    declarations: z
      .object({
        metrics: z.array(metricNameSchema).readonly(),
        facts: z.record(metricNameSchema, z.enum(factTypes)).readonly(),
      })
      .strict()
      .readonly(),
    /** `alert` rules warn early; `designate` rules designate. A tier fires when any rule does. */
    tiers: z
      .object({
        alert: z.array(criteriaRuleSchema).readonly(),
        designate: z
          .array(criteriaRuleSchema)
          .min(1, 'the designate tier needs at least one rule')
          .readonly(),
      })
      .strict()
      .readonly(),
    marking: markingSchema,
    draftedBy: idSchema,
    draftedAt: timestampSchema,
    signatures: z.array(criteriaSignatureSchema).readonly(),
  })
  .strict()
  .readonly();

export type CriteriaVersion = z.infer<typeof criteriaVersionSchema>;

/** The tiers, from early warning to designation. */
export type CriteriaTier = 'alert' | 'designate';
