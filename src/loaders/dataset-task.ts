import { createScorer } from '../core/scorers/create-scorer.js';
import type { ScorerSpec } from '../core/scorers/scorer-spec.js';
import type { ModelApi } from '../core/model/model-api.js';
import { generate } from '../core/solvers/generate.js';
import { multipleChoice } from '../core/solvers/multiple-choice.js';
import { defineTask, type Task } from '../core/task/task.js';
import { loadDatasetFile } from './dataset-file.js';

/**
 * A task around a bare dataset: multiple-choice samples get the multiple-choice prompt and
 * the `choice` scorer; other samples are sent as they are and scored with `match`.
 */
export async function loadDatasetTask(path: string, context: { grader?: ModelApi }): Promise<Task> {
  const dataset = await loadDatasetFile(path);
  const isMultipleChoice = dataset.samples.every((sample) => sample.choices !== undefined);
  const scorer: ScorerSpec = isMultipleChoice ? 'choice' : 'match';
  return defineTask({
    name: dataset.name,
    dataset,
    solver: isMultipleChoice ? multipleChoice() : generate(),
    scorers: [createScorer(scorer, context)],
  });
}
