import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a need-to-know grant was refused. */
export type GrantErrorCode =
  'issuer_not_security_officer' | 'self_grant' | 'empty_period' | 'too_long';

/** A need-to-know grant could not be issued. */
export class GrantError extends VigilError {
  readonly code: GrantErrorCode;

  constructor(code: GrantErrorCode, message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
