import { VigilError } from './vigil-error.js';

/** Why a model call failed, as the adapter that saw it judged. */
export type ModelErrorReason =
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'timeout'
  | 'connection'
  | 'malformed_response'
  | 'auth'
  | 'not_found'
  | 'bad_request'
  | 'context_length'
  | 'content_filter'
  | 'scripted';

/**
 * A model call failed. The adapter decides `isRetryable` (a context-length 400 is not) and
 * `stopsRun` (a bad key or a wrong base URL fails every call alike, so the run stops at once
 * instead of retrying thousands of samples).
 */
export class ModelApiError extends VigilError {
  readonly provider: string;
  readonly reason: ModelErrorReason;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  readonly stopsRun: boolean;
  /** How long the endpoint asked us to wait (Retry-After and friends). */
  readonly retryAfterMs: number | undefined;
  /** The raw response body, kept for diagnosis when the response was malformed. */
  readonly responseBody: string | undefined;

  constructor(
    message: string,
    options: {
      provider: string;
      reason?: ModelErrorReason;
      statusCode?: number;
      isRetryable: boolean;
      stopsRun?: boolean;
      retryAfterMs?: number | undefined;
      responseBody?: string;
      hint?: string;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.provider = options.provider;
    this.reason = options.reason ?? 'server';
    this.statusCode = options.statusCode;
    this.isRetryable = options.isRetryable;
    this.stopsRun = options.stopsRun ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.responseBody = options.responseBody;
  }
}
