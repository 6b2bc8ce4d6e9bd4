import { VigilError } from './vigil-error.js';

/** Which limit ended a sample. */
export type SampleLimitKind = 'time' | 'messages' | 'tokens' | 'working' | 'cost';

/** A sample hit one of its limits; the runner records this on the sample, then still scores it. */
export class SampleLimitError extends VigilError {
  readonly kind: SampleLimitKind;
  readonly limit: number;

  constructor(kind: SampleLimitKind, limit: number) {
    super(`sample ${kind} limit of ${limit} reached`);
    this.kind = kind;
    this.limit = limit;
  }
}
