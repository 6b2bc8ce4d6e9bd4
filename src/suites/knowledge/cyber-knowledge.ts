import { fileURLToPath } from 'node:url';
import { createScorer } from '../../core/scorers/create-scorer.js';
import { multipleChoice } from '../../core/solvers/multiple-choice.js';
import { defineTask, type Task } from '../../core/task/task.js';
import { loadDatasetFile } from '../../loaders/dataset-file.js';

/** Resolves from both src/ and dist/: the data file stays in src/, beside this file's source. */
const datasetPath = fileURLToPath(
  new URL('../../../src/suites/knowledge/cyber-knowledge.jsonl', import.meta.url),
);

/** `cyber.knowledge`: 60 multiple-choice questions on offensive and defensive security. */
export async function cyberKnowledge(): Promise<Task> {
  const dataset = await loadDatasetFile(datasetPath);
  return defineTask({
    name: 'cyber.knowledge',
    dataset: { ...dataset, name: 'cyber-knowledge' },
    solver: multipleChoice(),
    scorers: [createScorer('choice', {})],
    config: { temperature: 0 },
    metadata: { track: 'digital-infrastructure', kind: 'knowledge' },
  });
}
