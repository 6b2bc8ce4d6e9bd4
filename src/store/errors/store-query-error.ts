import { VigilError } from '../../core/errors/vigil-error.js';

/** The database refused a statement for a reason without its own error class. */
export class StoreQueryError extends VigilError {
  /** The five-character SQLSTATE code, e.g. `23503` for a foreign-key violation. */
  readonly sqlState: string | undefined;
  readonly table: string | undefined;
  readonly constraint: string | undefined;

  constructor(
    message: string,
    options: {
      sqlState?: string;
      table?: string;
      constraint?: string;
      hint?: string;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.sqlState = options.sqlState;
    this.table = options.table;
    this.constraint = options.constraint;
  }
}
