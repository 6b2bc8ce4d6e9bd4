import { basename, dirname, extname, resolve } from 'node:path';
import type { ModelApi } from '../core/model/model-api.js';
import { taskFileSchema } from '../core/task/task-file-schema.js';
import type { Task } from '../core/task/task.js';
import { parseWith } from '../core/validation/parse-with.js';
import { loadDatasetFile } from './dataset-file.js';
import { readStructuredFile } from './read-structured-file.js';
import { checkReducer, taskFromSpec } from './task-from-spec.js';

/** Loads a task declared in a YAML or JSON file, with its dataset, validating both. */
export async function loadTaskFile(path: string, context: { grader?: ModelApi }): Promise<Task> {
  const data = await readStructuredFile(path, 'task file');
  const spec = parseWith(
    taskFileSchema,
    data,
    path,
    'see docs/task-files.md for the task file format',
  );
  // The reducer first: a bad name is reported before the dataset is read.
  checkReducer(spec.reducer, path);
  const dataset = await loadDatasetFile(resolve(dirname(path), spec.dataset));
  return taskFromSpec(spec, dataset, {
    name: spec.name ?? basename(path, extname(path)),
    source: path,
    grader: context.grader,
  });
}
