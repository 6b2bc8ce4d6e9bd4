import type { GenerateConfig } from '../model/generate-config.js';
import type { TaskState } from '../task/task-state.js';

/** Calls the model on the state's messages and returns the state with its answer appended. */
export type Generate = (state: TaskState, config?: GenerateConfig) => Promise<TaskState>;

/** One step of working on a sample: takes the state and a way to call the model. */
export type Solver = (state: TaskState, generate: Generate) => Promise<TaskState>;
