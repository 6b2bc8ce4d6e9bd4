import { extname } from 'node:path';
import { InputError } from '../core/errors/input-error.js';
import type { Task } from '../core/task/task.js';
import { builtinTasks, type TaskContext } from '../suites/builtin-tasks.js';
import { loadDatasetTask } from './dataset-task.js';
import { loadTaskFile } from './task-file.js';

/** Finds a task by built-in name, task file (.yaml, .yml, .json) or bare dataset (.jsonl, .csv). */
export async function resolveTask(reference: string, context: TaskContext): Promise<Task> {
  const builtin = builtinTasks[reference];
  if (builtin !== undefined) return builtin.create(context);
  const extension = extname(reference).toLowerCase();
  if (extension === '.yaml' || extension === '.yml' || extension === '.json')
    return loadTaskFile(reference, context);
  if (extension === '.jsonl' || extension === '.csv') return loadDatasetTask(reference, context);
  throw new InputError(`unknown task "${reference}"`, {
    hint: `name a built-in task (vigil list tasks), a task file (.yaml) or a dataset (.jsonl, .csv)`,
  });
}
