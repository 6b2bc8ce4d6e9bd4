import { createScorer } from '../core/scorers/create-scorer.js';
import type { ScorerSpec } from '../core/scorers/scorer-spec.js';
import type { ModelApi } from '../core/model/model-api.js';
import { createSolver, type SolverSpec } from '../core/solvers/solver-spec.js';
import type { Sample } from '../core/task/sample.js';
import { defineTask, type Task } from '../core/task/task.js';
import { loadDatasetFile } from './dataset-file.js';

/**
 * The solver and scorer a bare dataset gets: multiple-choice samples (every one with choices)
 * the multiple-choice prompt and the `choice` scorer; other samples are sent as they are and
 * scored with `match`.
 */
export function defaultSolverAndScorer(samples: readonly Sample[]): {
  readonly solver: SolverSpec;
  readonly scorer: ScorerSpec;
} {
  const isMultipleChoice = samples.every((sample) => sample.choices !== undefined);
  return isMultipleChoice
    ? { solver: ['multiple_choice'], scorer: 'choice' }
    : { solver: ['generate'], scorer: 'match' };
}

/** A task around a bare dataset, with the solver and scorer of `defaultSolverAndScorer`. */
export async function loadDatasetTask(path: string, context: { grader?: ModelApi }): Promise<Task> {
  const dataset = await loadDatasetFile(path);
  const { solver, scorer } = defaultSolverAndScorer(dataset.samples);
  return defineTask({
    name: dataset.name,
    dataset,
    solver: createSolver(solver),
    scorers: [createScorer(scorer, context)],
  });
}
