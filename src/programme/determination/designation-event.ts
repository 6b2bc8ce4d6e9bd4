import { DeterminationError } from '../errors/determination-error.js';
import { fail, ok, type Result } from '../result.js';
import type { SubmissionEvent } from '../submission/submission-event.js';
import type { Timestamp } from '../time/timestamp.js';
import type { Determination } from './determination.js';

/**
 * The submission event that applies a determination. Insufficient evidence designates nothing
 * either way: run the battery again for the missing metrics.
 */
export function designationEvent(
  determination: Determination,
  actorId: string,
  at: Timestamp,
): Result<Extract<SubmissionEvent, { type: 'designation-recorded' }>, DeterminationError> {
  if (determination.submissionId === undefined) {
    return fail(
      new DeterminationError(
        'no_submission',
        `determination ${determination.id} has no submission: the developer has not opted in`,
        { hint: 'the determination stands on its own; there is no submission to move' },
      ),
    );
  }
  if (determination.evaluation.outcome === 'insufficient_evidence') {
    return fail(
      new DeterminationError(
        'insufficient_evidence',
        `determination ${determination.id} found insufficient evidence (missing: ${determination.evaluation.missingInputs.join(', ') || 'none'})`,
        { hint: 'run the battery for the missing metrics and record a new determination' },
      ),
    );
  }
  return ok({
    type: 'designation-recorded',
    submissionId: determination.submissionId,
    actorId,
    at,
    reason: `determination ${determination.id}`,
    determinationId: determination.id,
    designated: determination.evaluation.outcome === 'designate',
  });
}
