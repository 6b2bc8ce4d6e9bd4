import type { SealedDataErrorCode } from './errors/sealed-data-error.js';
import type { SealedRef } from './sealed-ref.js';

/** One attempt to read a sealed value, as handed to the audit callback. */
export interface SealedRead {
  readonly ref: SealedRef;
  readonly outcome: 'ok' | 'failed';
  /** Why it failed, when it did. */
  readonly failure?: SealedDataErrorCode;
}

/**
 * Records a sealed read; every read calls it, successful or not, before any plaintext is
 * returned. When it throws, the read fails and the plaintext is discarded: a read that cannot
 * be audited does not happen.
 */
export type AuditSealedRead = (read: SealedRead) => Promise<void>;
