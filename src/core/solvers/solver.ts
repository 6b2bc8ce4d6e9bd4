import type { GenerateConfig } from '../model/generate-config.js';
import type { TaskState } from '../task/task-state.js';

/** Calls the model on the state's messages and returns the state with its answer appended. */
export type Generate = (state: TaskState, config?: GenerateConfig) => Promise<TaskState>;

/** What the runner gives a solver besides the state: the sample's signal (cancel, time limit). */
export interface SolverContext {
  readonly signal: AbortSignal;
}

/** One step of working on a sample: takes the state and a way to call the model. */
export type Solver = (
  state: TaskState,
  generate: Generate,
  context?: SolverContext,
) => Promise<TaskState>;

/** A solver from a synchronous step; a throw becomes a rejected promise, as callers expect. */
export function syncSolver(step: (state: TaskState) => TaskState): Solver {
  return (state) => {
    try {
      return Promise.resolve(step(state));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };
}
