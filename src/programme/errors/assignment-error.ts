import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a track assignment was refused. */
export type AssignmentErrorCode = 'not_a_coordinator' | 'unknown_agency' | 'already_assigned';

/** A track assignment was refused; the hint says who can do it or what to change. */
export class AssignmentError extends VigilError {
  readonly code: AssignmentErrorCode;

  constructor(code: AssignmentErrorCode, message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
