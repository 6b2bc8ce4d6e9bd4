import { evaluateCriteria } from '../criteria/evaluate-criteria.js';
import type { BatteryMetrics, DeclaredFacts } from '../criteria/battery-metrics.js';
import type { CriteriaVersion } from '../criteria/criteria-version.js';
import { criteriaActivation } from '../criteria/sign-criteria.js';
import { DeterminationError } from '../errors/determination-error.js';
import type { User } from '../identity/user.js';
import { deriveMarking } from '../marking/derive-marking.js';
import type { Marking } from '../marking/marking.js';
import type { AgencyOrganisation } from '../organisation/organisation.js';
import { fail, ok, type Result } from '../result.js';
import type { Submission } from '../submission/submission.js';
import type { Timestamp } from '../time/timestamp.js';
import type { Determination, Model } from './determination.js';

/** What the adjudicator records a determination from. */
export interface DeterminationInput {
  readonly id: string;
  readonly model: Model;
  /**
   * The model's submission, if its developer opted in. Only linked, never read for the
   * outcome: a model is designated (or not) whether or not its developer takes part.
   */
  readonly submission?: Submission | undefined;
  readonly criteria: CriteriaVersion;
  readonly agencies: readonly AgencyOrganisation[];
  readonly metrics: BatteryMetrics;
  readonly facts: DeclaredFacts;
  readonly runIds: readonly string[];
  /** The marking of the battery's results. */
  readonly inputMarking: Marking;
}

/**
 * Evaluates the active criteria over the battery and seals the result as a determination,
 * recorded by an adjudicator. The marking is the higher of the criteria's and the inputs', and
 * always sealed. "Insufficient evidence" is a valid determination to record.
 */
export function recordDetermination(
  input: DeterminationInput,
  adjudicator: User,
  now: Timestamp,
): Result<Determination, DeterminationError> {
  if (adjudicator.role !== 'adjudicator') {
    return fail(
      new DeterminationError(
        'not_an_adjudicator',
        `role ${adjudicator.role} cannot record a determination`,
        {
          hint: 'the designation adjudicator records determinations',
        },
      ),
    );
  }
  const activation = criteriaActivation(input.criteria, input.agencies);
  if (!activation.active) {
    return fail(
      new DeterminationError(
        'criteria_not_active',
        `criteria version ${input.criteria.version} is not active; missing signatures: ${activation.missing.join(', ') || 'none (it does not compile)'}`,
        { hint: 'use the active version, or have a lead of every required agency sign this one' },
      ),
    );
  }
  if (input.submission !== undefined && input.submission.modelId !== input.model.id) {
    return fail(
      new DeterminationError(
        'submission_for_other_model',
        `submission ${input.submission.id} is for model ${input.submission.modelId}, not ${input.model.id}`,
        { hint: 'link the determination to its own model’s submission, or to none' },
      ),
    );
  }
  const evaluation = evaluateCriteria(input.criteria, input.metrics, input.facts);
  if (!evaluation.ok) {
    return fail(
      new DeterminationError('criteria_failed', evaluation.error.message, {
        hint: evaluation.error.hint ?? 'check the battery’s metrics and facts',
        cause: evaluation.error,
      }),
    );
  }
  const derived = deriveMarking([input.criteria.marking, input.inputMarking], {
    ownerId: input.criteria.marking.ownerId,
  });
  // Two inputs and an explicit owner: derivation cannot fail.
  const base = derived.ok ? derived.value : input.criteria.marking;
  const marking: Marking = base.controls.includes('SEALED')
    ? base
    : { ...base, controls: [...base.controls, 'SEALED'] };
  return ok({
    id: input.id,
    modelId: input.model.id,
    developerOrganisationId: input.model.developerOrganisationId,
    ...(input.submission === undefined ? {} : { submissionId: input.submission.id }),
    inputs: { metrics: input.metrics, facts: input.facts, runIds: input.runIds },
    evaluation: evaluation.value,
    adjudicatorId: adjudicator.id,
    determinedAt: now,
    marking,
  });
}
