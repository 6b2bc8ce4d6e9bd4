import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a trusted-partner approval was refused. */
export type PartnerErrorCode = 'wrong_role' | 'other_organisation' | 'already_approved' | 'revoked';

/** A trusted-partner approval was refused; the hint says who can give it. */
export class PartnerError extends VigilError {
  readonly code: PartnerErrorCode;

  constructor(code: PartnerErrorCode, message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
