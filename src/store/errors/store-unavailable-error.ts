import { VigilError } from '../../core/errors/vigil-error.js';

/** The database could not be reached or refused the connection (down, wrong URL, bad login). */
export class StoreUnavailableError extends VigilError {
  /** Where the store tried to connect, with any password removed. */
  readonly location: string;

  constructor(location: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`cannot use the store at ${location}: ${message}`, options);
    this.location = location;
  }
}
