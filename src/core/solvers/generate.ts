import type { GenerateConfig } from '../model/generate-config.js';
import type { Solver } from './solver.js';

/** Calls the model once on the conversation so far. */
export function generate(config: GenerateConfig = {}): Solver {
  return (state, callModel) => callModel(state, config);
}
