import { InputError } from '../../core/errors/input-error.js';
import type { ModelApi } from '../../core/model/model-api.js';
import { createNoopModel } from './noop-model.js';
import { createScannerModel } from './scanner-model.js';
import { createSolutionModel } from './solution-model.js';

/**
 * The reference agents, by model name under `reference/`: `solution` (replays each sample's
 * reference solution: the ceiling), `noop` (gives up: the floor) and `scanner` (a scripted,
 * non-LLM baseline of standard techniques).
 */
const referenceModels: Readonly<Record<string, () => ModelApi>> = {
  solution: createSolutionModel,
  noop: createNoopModel,
  scanner: createScannerModel,
};

export const referenceModelNames: readonly string[] = Object.keys(referenceModels);

/** The reference agent `reference/<model>`. */
export function createReferenceModel(model: string): ModelApi {
  const create = referenceModels[model];
  if (create === undefined) {
    throw new InputError(`unknown model "reference/${model}"`, {
      hint: `reference has: ${referenceModelNames.map((name) => `reference/${name}`).join(', ')}`,
    });
  }
  return create();
}
