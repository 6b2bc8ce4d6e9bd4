import { VigilError } from '../../core/errors/vigil-error.js';

/** A value has no canonical JSON form (a Date, a bigint, NaN, a cycle, ...). */
export class CanonicalJsonError extends VigilError {
  /** Where in the value, as a JSON path (`$.details.count`). */
  readonly path: string;

  constructor(path: string, message: string, hint: string) {
    super(`${path}: ${message}`, { hint });
    this.path = path;
  }
}
