import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a queue operation was refused. */
export type JobErrorCode = 'not_found' | 'not_held' | 'invalid_request';

/** A queue operation was refused: the job is unknown, or the worker does not hold it. */
export class JobError extends VigilError {
  readonly code: JobErrorCode;

  constructor(code: JobErrorCode, message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
