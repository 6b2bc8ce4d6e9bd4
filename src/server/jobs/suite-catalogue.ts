import { InputError } from '../../core/errors/input-error.js';
import type { Task } from '../../core/task/task.js';
import type { EvaluationTrack } from '../../programme/index.js';
import { builtinTasks, type BuiltinTask } from '../../suites/builtin-tasks.js';

/** The programme's track of a built-in suite; the demo suites belong to none. */
export function programmeTrackOf(track: BuiltinTask['track']): EvaluationTrack | undefined {
  switch (track) {
    case 'digital-infrastructure':
      return 'digital_infrastructure';
    case 'structural':
      return 'structural_vulnerabilities';
    case 'insider':
      return 'insider_risks';
    case 'demo':
      return undefined;
  }
}

/** A built-in suite an evaluator can launch on a track. */
export interface TrackSuite {
  readonly name: string;
  readonly track: EvaluationTrack;
  readonly description: string;
}

/** The built-in suites of every track (or of one), by name. */
export function builtinTrackSuites(track?: EvaluationTrack): TrackSuite[] {
  return Object.entries(builtinTasks).flatMap(([name, entry]) => {
    const suiteTrack = programmeTrackOf(entry.track);
    if (suiteTrack === undefined || (track !== undefined && suiteTrack !== track)) return [];
    return [{ name, track: suiteTrack, description: entry.description }];
  });
}

/** Makes a suite's task for a run of a track; throws an InputError naming what is wrong. */
export type ResolveTrackSuite = (name: string, track: EvaluationTrack) => Promise<Task>;

/** Resolves built-in suites of the track; anything else is refused with the list to choose from. */
export const resolveBuiltinSuite: ResolveTrackSuite = async (name, track) => {
  const entry = Object.hasOwn(builtinTasks, name) ? builtinTasks[name] : undefined;
  if (entry === undefined || programmeTrackOf(entry.track) !== track) {
    const names = builtinTrackSuites(track).map((suite) => suite.name);
    throw new InputError(`${name} is not a suite of the ${track} track`, {
      hint:
        names.length === 0
          ? `no built-in suite belongs to the ${track} track yet`
          : `choose from ${names.join(', ')}`,
    });
  }
  return entry.create({});
};
