import { VigilError } from '../../core/errors/vigil-error.js';

/** The battery's runs could not be combined into one set of metrics. */
export class RunError extends VigilError {
  readonly code: 'duplicate_metric';

  constructor(code: 'duplicate_metric', message: string, options: { hint?: string } = {}) {
    super(message, options);
    this.code = code;
  }
}
