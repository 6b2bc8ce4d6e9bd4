import type { Solver } from './solver.js';

/** Runs solvers in order; stops early once a solver marks the state completed. */
export function chain(...solvers: readonly Solver[]): Solver {
  return async (initial, callModel, context) => {
    let state = initial;
    for (const solver of solvers) {
      if (state.completed) break;
      state = await solver(state, callModel, context);
    }
    return state;
  };
}
