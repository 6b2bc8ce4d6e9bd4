import { basename, dirname, extname, resolve } from 'node:path';
import type { ModelApi } from '../core/model/model-api.js';
import { parseReducer } from '../core/metrics/reducer.js';
import { InputError } from '../core/errors/input-error.js';
import { createScorer } from '../core/scorers/create-scorer.js';
import { createSolver, toGenerateConfig } from '../core/solvers/solver-spec.js';
import type { Metadata } from '../core/task/sample.js';
import { taskFileSchema } from '../core/task/task-file-schema.js';
import { defineTask, type Task } from '../core/task/task.js';
import { parseWith } from '../core/validation/parse-with.js';
import { loadDatasetFile } from './dataset-file.js';
import { readStructuredFile } from './read-structured-file.js';

/** Loads a task declared in a YAML or JSON file, with its dataset, validating both. */
export async function loadTaskFile(path: string, context: { grader?: ModelApi }): Promise<Task> {
  const data = await readStructuredFile(path, 'task file');
  const spec = parseWith(
    taskFileSchema,
    data,
    path,
    'see docs/task-files.md for the task file format',
  );
  try {
    parseReducer(spec.reducer);
  } catch (error) {
    throw new InputError(`field reducer: ${(error as Error).message}`, { source: path });
  }
  const dataset = await loadDatasetFile(resolve(dirname(path), spec.dataset));
  const limits = spec.limits;
  return defineTask({
    name: spec.name ?? basename(path, extname(path)),
    dataset,
    solver: createSolver(spec.solver),
    scorers: spec.scorer.map((scorer) => createScorer(scorer, context)),
    epochs: spec.epochs,
    reducer: spec.reducer,
    limits: {
      ...(limits.time_seconds === undefined ? {} : { timeSeconds: limits.time_seconds }),
      ...(limits.messages === undefined ? {} : { messages: limits.messages }),
      ...(limits.tokens === undefined ? {} : { tokens: limits.tokens }),
    },
    config: toGenerateConfig(spec.config),
    metadata: {
      ...(spec.metadata as Metadata),
      ...(spec.description === undefined ? {} : { description: spec.description }),
    },
  });
}
