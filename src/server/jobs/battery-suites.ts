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
 * The default battery: every built-in task that runs without a sandbox (`cyber.knowledge` today,
 * and any such suite registered later), each limited to `limit` samples so qualification is
 * fast. Sandboxed suites join when the service runs with a sandbox provider.
 */
export function defaultBatterySuites(limit: number): BatterySuites {
  return async () => {
    const tasks: BatteryTask[] = [];
    for (const entry of Object.values(builtinTasks)) {
      const track = programmeTrackOf(entry.track);
      if (track === undefined) continue;
      const task = await entry.create({});
      if (task.sandbox === undefined) tasks.push({ task, track, limit });
    }
    return tasks;
  };
}
