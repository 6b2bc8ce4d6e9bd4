import { VigilError } from '../../core/errors/vigil-error.js';
import type { CriteriaProblem } from '../criteria/compile-criteria.js';

/** Why a criteria operation was refused. */
export type CriteriaErrorCode =
  | 'does_not_compile'
  | 'fact_type_mismatch'
  | 'not_an_agency_lead'
  | 'not_a_signatory_agency'
  | 'already_signed'
  | 'not_active';

/** A criteria version could not be signed or evaluated; `problems` lists each rule's faults. */
export class CriteriaError extends VigilError {
  readonly code: CriteriaErrorCode;
  readonly problems: readonly CriteriaProblem[];

  constructor(
    code: CriteriaErrorCode,
    message: string,
    options: { hint?: string; problems?: readonly CriteriaProblem[] } = {},
  ) {
    super(message, options);
    this.code = code;
    this.problems = options.problems ?? [];
  }
}
