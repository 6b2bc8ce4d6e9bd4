import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a determination could not be recorded or applied. */
export type DeterminationErrorCode =
  | 'not_an_adjudicator'
  | 'criteria_not_active'
  | 'criteria_failed'
  | 'submission_for_other_model'
  | 'no_submission'
  | 'insufficient_evidence';

/** A determination was refused; the hint says what to do instead. */
export class DeterminationError extends VigilError {
  readonly code: DeterminationErrorCode;

  constructor(
    code: DeterminationErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options);
    this.code = code;
  }
}
