import { VigilError } from '../../core/errors/vigil-error.js';

/** An UPDATE, DELETE or TRUNCATE on an append-only table (audit records, submission events). */
export class AppendOnlyError extends VigilError {
  readonly table: string | undefined;

  constructor(message: string, options: { table?: string; cause?: unknown } = {}) {
    super(message, {
      hint: 'append-only records are never changed; append a new record that corrects the old one',
      cause: options.cause,
    });
    this.table = options.table;
  }
}
