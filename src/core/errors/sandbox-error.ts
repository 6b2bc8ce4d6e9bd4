import { VigilError } from './vigil-error.js';

/** What went wrong with a sandbox. */
export type SandboxErrorCode =
  | 'unavailable'
  | 'setup_failed'
  | 'service_unhealthy'
  | 'not_found'
  | 'too_large'
  | 'write_failed'
  | 'closed';

/**
 * A sandbox could not be set up or used. `unavailable` means the host lacks a prerequisite
 * (not root, bubblewrap missing); the hint says how to fix it.
 */
export class SandboxError extends VigilError {
  readonly code: SandboxErrorCode;

  constructor(
    code: SandboxErrorCode,
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, options);
    this.code = code;
  }
}
