import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a two-person request or decision was refused. */
export type ApprovalErrorCode =
  | 'invalid_request'
  | 'bulk_export_refused'
  | 'requester_role'
  | 'not_a_downgrade'
  | 'self_approval'
  | 'approver_role'
  | 'not_pending'
  | 'not_approved'
  | 'expired';

/** A two-person approval step was refused; the hint says what would be accepted. */
export class ApprovalError extends VigilError {
  readonly code: ApprovalErrorCode;

  constructor(code: ApprovalErrorCode, message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
