import { VigilError } from './vigil-error.js';

/**
 * Bad input from a person or a file: a task, a dataset, a flag, a log. The CLI maps it to
 * exit code 2; `source` names the file (and line or field) when there is one.
 */
export class InputError extends VigilError {
  readonly source: string | undefined;

  constructor(message: string, options: { hint?: string; source?: string; cause?: unknown } = {}) {
    super(options.source === undefined ? message : `${options.source}: ${message}`, options);
    this.source = options.source;
  }
}
