import { VigilError } from './vigil-error.js';

/** A scorer could not run (as opposed to scoring an answer wrong). */
export class ScorerError extends VigilError {
  readonly scorer: string;

  constructor(scorer: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(`scorer ${scorer}: ${message}`, options);
    this.scorer = scorer;
  }
}
