import { VigilError } from '../../core/errors/vigil-error.js';

/** A write would have stored a second row with a key that must be unique. Nothing was written. */
export class UniqueViolationError extends VigilError {
  readonly table: string | undefined;
  readonly constraint: string | undefined;

  constructor(options: { table?: string; constraint?: string; detail?: string; cause?: unknown }) {
    const where = options.table === undefined ? 'a table' : `table ${options.table}`;
    const which = options.constraint === undefined ? '' : ` (${options.constraint})`;
    const detail = options.detail === undefined ? '' : `: ${options.detail}`;
    super(`duplicate key in ${where}${which}${detail}`, {
      hint: 'the object already exists; read it instead, or use a different id',
      cause: options.cause,
    });
    this.table = options.table;
    this.constraint = options.constraint;
  }
}
