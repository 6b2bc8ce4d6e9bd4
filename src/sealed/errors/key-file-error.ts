import { VigilError } from '../../core/errors/vigil-error.js';

/** What is wrong with a key file or a key value. */
export type KeyFileErrorCode = 'unreadable' | 'too_open' | 'malformed';

/** A key file (or a key passed in) cannot be used; the hint says how to fix it. */
export class KeyFileError extends VigilError {
  readonly code: KeyFileErrorCode;
  /** The file, or a description of where a passed-in key came from. */
  readonly source: string;

  constructor(
    code: KeyFileErrorCode,
    source: string,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(`${source}: ${message}`, options);
    this.code = code;
    this.source = source;
  }
}
