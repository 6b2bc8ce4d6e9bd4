import type { Metadata } from '../task/sample.js';

/**
 * The verdict of one scorer on one sample-epoch. `value` is usually 0..1; `null` means the
 * scorer could not score this answer, which is neither a pass nor a fail.
 */
export interface Score {
  readonly value: number | null;
  /** The part of the output that was judged, e.g. the extracted letter. */
  readonly answer?: string;
  readonly explanation?: string;
  readonly metadata?: Metadata;
}
