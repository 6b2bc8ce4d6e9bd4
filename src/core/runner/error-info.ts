import { ModelApiError } from '../errors/model-api-error.js';
import { VigilError } from '../errors/vigil-error.js';
import type { ErrorInfo } from '../log/log-schema.js';

/** An error as data for the log: its kind, message, fix and, for model calls, retryability. */
export function errorInfo(error: unknown): ErrorInfo {
  if (error instanceof ModelApiError) {
    return {
      kind: error.name,
      reason: error.reason,
      message: error.message,
      retryable: error.isRetryable,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
      ...(error.statusCode === undefined ? {} : { statusCode: error.statusCode }),
      ...(error.responseBody === undefined ? {} : { responseBody: error.responseBody }),
    };
  }
  if (error instanceof VigilError) {
    return {
      kind: error.name,
      message: error.message,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    };
  }
  if (error instanceof Error) return { kind: error.name, message: error.message };
  return { kind: 'Error', message: String(error) };
}
