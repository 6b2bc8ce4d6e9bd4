import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a marking could not be derived or changed. */
export type MarkingErrorCode = 'no_inputs' | 'owner_ambiguous' | 'not_a_downgrade';

/** A marking operation was refused; `code` says which rule, the hint how to proceed. */
export class MarkingError extends VigilError {
  readonly code: MarkingErrorCode;

  constructor(code: MarkingErrorCode, message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
