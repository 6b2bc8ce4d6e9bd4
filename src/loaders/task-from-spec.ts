import { InputError } from '../core/errors/input-error.js';
import { parseReducer } from '../core/metrics/reducer.js';
import type { ModelApi } from '../core/model/model-api.js';
import { createScorer } from '../core/scorers/create-scorer.js';
import { createSolver, toGenerateConfig } from '../core/solvers/solver-spec.js';
import type { Metadata } from '../core/task/sample.js';
import type { TaskFile } from '../core/task/task-file-schema.js';
import { defineTask, type Dataset, type Task } from '../core/task/task.js';

/** A task file's settings apart from where its dataset is: what a task is built from. */
export type TaskSpec = Omit<TaskFile, 'dataset' | 'name'>;

/** What building a task from a spec needs besides the spec and the dataset. */
export interface TaskSpecContext {
  /** The task's name. */
  readonly name: string;
  /** Where the spec came from (a file, a request field), named in errors. */
  readonly source: string;
  /** The grader model, for `model_graded` scorers. */
  readonly grader?: ModelApi | undefined;
}

/** Checks a reducer name, naming `source` when it is not one. */
export function checkReducer(reducer: string, source: string): void {
  try {
    parseReducer(reducer);
  } catch (error) {
    throw new InputError(`field reducer: ${(error as Error).message}`, { source });
  }
}

/**
 * Builds a task from a task file's settings and a dataset already in memory, so a task can come
 * from a file (`loadTaskFile`) or from items held elsewhere (a sealed benchmark).
 */
export function taskFromSpec(spec: TaskSpec, dataset: Dataset, context: TaskSpecContext): Task {
  checkReducer(spec.reducer, context.source);
  const limits = spec.limits;
  return defineTask({
    name: context.name,
    dataset,
    solver: createSolver(spec.solver),
    scorers: spec.scorer.map((scorer) => createScorer(scorer, { grader: context.grader })),
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
