import { InputError } from '../../core/errors/input-error.js';
import type { Task } from '../../core/task/task.js';
import type { EvaluationTrack } from '../../programme/index.js';
import { builtinTasks } from '../../suites/builtin-tasks.js';
import { programmeTrackOf } from './suite-catalogue.js';

/** One task of the battery, the track its results count for, and how many samples to run. */
export interface BatteryTask {
  readonly task: Task;
  readonly track: EvaluationTrack;
  readonly limit: number | undefined;
}

/** Makes the battery's tasks, fresh for each run (generated suites draw new items). */
export type BatterySuites = () => Promise<readonly BatteryTask[]>;

/**
 * The battery's built-in suites, by name, each limited to `limit` samples so qualification is
 * fast. Generated suites draw fresh items each time.
 */
export function builtinBatterySuites(names: readonly string[], limit: number): BatterySuites {
  return async () => {
    const tasks: BatteryTask[] = [];
    for (const name of names) {
      const entry = Object.hasOwn(builtinTasks, name) ? builtinTasks[name] : undefined;
      const track = entry === undefined ? undefined : programmeTrackOf(entry.track);
      if (entry === undefined || track === undefined) {
        throw new InputError(`${name} is not a built-in suite of a track`, {
          hint: 'see GET /api/evaluation-suites',
        });
      }
      tasks.push({ task: await entry.create({}), track, limit });
    }
    return tasks;
  };
}
