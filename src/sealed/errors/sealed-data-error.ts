import { VigilError } from '../../core/errors/vigil-error.js';

/** Why a sealed value could not be read, written or rotated. */
export type SealedDataErrorCode =
  /** Sealed under another key-encryption key than the one given. */
  | 'wrong_key'
  /** The authentication tag did not match: altered bytes, or a value moved between rows. */
  | 'tampered'
  | 'not_found'
  | 'purged'
  /** Written by a newer Vigil with an algorithm this build does not know. */
  | 'unsupported_algorithm'
  /** The reference itself is unusable (unknown kind, empty id). */
  | 'bad_reference';

/**
 * A sealed value could not be opened (or sealed). The message names the object (kind and id)
 * and the hint says what to check; a wrong key or altered bytes never yield plaintext.
 */
export class SealedDataError extends VigilError {
  readonly code: SealedDataErrorCode;
  readonly kind: string;
  readonly objectId: string;

  constructor(
    code: SealedDataErrorCode,
    target: { readonly kind: string; readonly objectId: string },
    message: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(`sealed ${target.kind} ${target.objectId}: ${message}`, options);
    this.code = code;
    this.kind = target.kind;
    this.objectId = target.objectId;
  }
}
