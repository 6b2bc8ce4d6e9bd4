import { VigilError } from './vigil-error.js';

/** A model call failed. `isRetryable` is decided by the adapter that saw the failure. */
export class ModelApiError extends VigilError {
  readonly provider: string;
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  /** The raw response body, kept for diagnosis when the response was malformed. */
  readonly responseBody: string | undefined;

  constructor(
    message: string,
    options: {
      provider: string;
      statusCode?: number;
      isRetryable: boolean;
      responseBody?: string;
      hint?: string;
      cause?: unknown;
    },
  ) {
    super(message, options);
    this.provider = options.provider;
    this.statusCode = options.statusCode;
    this.isRetryable = options.isRetryable;
    this.responseBody = options.responseBody;
  }
}
