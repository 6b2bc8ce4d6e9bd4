import { VigilError } from '../../core/errors/vigil-error.js';

/**
 * A schema migration failed. Each migration runs in the same transaction as the others in its
 * batch, so the schema stays at `schemaVersion` (the last migration that had succeeded before).
 */
export class MigrationError extends VigilError {
  /** The migration that failed, when one did (not, say, the migration lock). */
  readonly migration: string | undefined;
  /** The version the schema is still at; `undefined` for an empty database. */
  readonly schemaVersion: string | undefined;

  constructor(
    message: string,
    options: { migration?: string; schemaVersion?: string; hint?: string; cause?: unknown },
  ) {
    super(message, options);
    this.migration = options.migration;
    this.schemaVersion = options.schemaVersion;
  }
}
