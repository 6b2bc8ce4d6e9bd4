import { z } from 'zod';
import { idSchema } from '../ids.js';

/** What one rule said: it fired, it did not, or a missing input left it undecided. */
export const ruleVerdicts = ['fired', 'not_fired', 'insufficient_evidence'] as const;
export type RuleVerdict = (typeof ruleVerdicts)[number];

/**
 * The tiered outcome: `designate` when a designate rule fired; `insufficient_evidence` when none
 * fired but a missing input could still make one fire (or, below that, an alert rule); `alert`
 * when only an alert rule fired; `none` when every rule was decided and none fired.
 */
export const designationOutcomes = ['designate', 'alert', 'none', 'insufficient_evidence'] as const;
export type DesignationOutcome = (typeof designationOutcomes)[number];

export const ruleEvaluationSchema = z
  .object({
    tier: z.enum(['alert', 'designate']),
    ruleId: z.string(),
    verdict: z.enum(ruleVerdicts),
    /** Inputs the rule named that the battery or the declared facts lacked. */
    missingInputs: z.array(z.string()).readonly(),
  })
  .strict()
  .readonly();

export type RuleEvaluation = z.infer<typeof ruleEvaluationSchema>;

/** A criteria version applied to one battery's metrics and the declared facts. */
export const criteriaEvaluationSchema = z
  .object({
    criteriaVersionId: idSchema,
    criteriaVersion: z.number().int().min(1),
    outcome: z.enum(designationOutcomes),
    rules: z.array(ruleEvaluationSchema).readonly(),
    /** Every input any rule named and none supplied, sorted. Never silent. */
    missingInputs: z.array(z.string()).readonly(),
  })
  .strict()
  .readonly();

export type CriteriaEvaluation = z.infer<typeof criteriaEvaluationSchema>;
