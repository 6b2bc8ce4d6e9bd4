import { VigilError } from '../../core/errors/vigil-error.js';

/** An audit entry cannot be recorded as given; nothing was appended. */
export class AuditEntryError extends VigilError {
  /** The entry's field at fault (`actor`, `details.size`, ...). */
  readonly field: string;

  constructor(field: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`audit entry ${field}: ${message}`, options);
    this.field = field;
  }
}
