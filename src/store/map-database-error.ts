import { VigilError } from '../core/errors/vigil-error.js';
import { AppendOnlyError } from './errors/append-only-error.js';
import { StoreQueryError } from './errors/store-query-error.js';
import { StoreUnavailableError } from './errors/store-unavailable-error.js';
import { UniqueViolationError } from './errors/unique-violation-error.js';

/** The SQLSTATE our append-only triggers raise (see the first migration). */
export const APPEND_ONLY_SQLSTATE = 'VG001';

/** The fields both `pg` and PGlite put on a database error; everything optional. */
interface DatabaseErrorFields {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly table?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
  readonly hint?: unknown;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Network failures reported by Node's sockets rather than by the server. */
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);

/**
 * Turns what a driver threw into a VigilError that says what went wrong: unique violations,
 * append-only refusals and lost connections get their own classes; every other SQL failure
 * becomes a StoreQueryError that keeps the SQLSTATE. VigilErrors pass through unchanged.
 */
export function mapDatabaseError(error: unknown, location: string): Error {
  if (error instanceof VigilError) return error;
  if (typeof error !== 'object' || error === null) {
    return new StoreQueryError(`the database failed: ${String(error)}`, { cause: error });
  }
  const fields = error as DatabaseErrorFields;
  const code = text(fields.code);
  const message = text(fields.message) ?? 'unknown database error';
  const table = text(fields.table);
  const constraint = text(fields.constraint);
  const detail = text(fields.detail);
  const located = { cause: error, ...(table === undefined ? {} : { table }) };
  if (code === '23505') {
    return new UniqueViolationError({
      ...located,
      ...(constraint === undefined ? {} : { constraint }),
      ...(detail === undefined ? {} : { detail }),
    });
  }
  if (code === APPEND_ONLY_SQLSTATE) return new AppendOnlyError(message, located);
  if (code !== undefined && (connectionCodes.has(code) || isConnectionClass(code))) {
    return new StoreUnavailableError(location, message, {
      cause: error,
      hint: connectionHint(code),
    });
  }
  if (message === 'Connection terminated unexpectedly') {
    return new StoreUnavailableError(location, message, {
      cause: error,
      hint: 'the server closed the connection; check that it is running and retry',
    });
  }
  const serverHint = text(fields.hint);
  return new StoreQueryError(detail === undefined ? message : `${message} (${detail})`, {
    cause: error,
    ...(code === undefined ? {} : { sqlState: code }),
    ...(table === undefined ? {} : { table }),
    ...(constraint === undefined ? {} : { constraint }),
    ...(serverHint === undefined ? {} : { hint: serverHint }),
  });
}

/** SQLSTATE classes 08 (connection), 28 (authorisation), 3D000 (no database), 57P0x (shutdown). */
function isConnectionClass(code: string): boolean {
  return (
    code.startsWith('08') || code.startsWith('28') || code === '3D000' || code.startsWith('57P0')
  );
}

function connectionHint(code: string): string {
  if (code.startsWith('28')) return 'check the user name and password in DATABASE_URL';
  if (code === '3D000') return 'create the database (createdb) or fix its name in DATABASE_URL';
  return 'check that the PostgreSQL server is running and that DATABASE_URL names its host and port';
}
