import type { TaskState } from '../task/task-state.js';
import type { Score } from './score.js';

/** Per-call options of a scorer. */
export interface ScoreOptions {
  readonly signal?: AbortSignal;
}

/** Judges a finished state against the sample's targets. */
export interface Scorer {
  /** The name scores are reported under, e.g. `includes`. */
  readonly name: string;
  score(state: TaskState, targets: readonly string[], options?: ScoreOptions): Promise<Score>;
}
