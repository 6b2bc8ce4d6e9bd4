import type { GenerateConfig } from '../model/generate-config.js';
import type { EpisodeSpec } from '../sandbox/episode-spec.js';
import type { Scorer } from '../scorers/scorer.js';
import type { Solver } from '../solvers/solver.js';
import type { Metadata, Sample } from './sample.js';

/** Samples in a fixed order, with where they came from. */
export interface Dataset {
  readonly name: string;
  /** A file path or a built-in name; shown in logs. */
  readonly location: string;
  readonly samples: readonly Sample[];
}

/** Bounds on one sample-epoch; a sample that reaches one stops and is still scored. */
export interface SampleLimits {
  readonly timeSeconds?: number;
  readonly messages?: number;
  readonly tokens?: number;
}

/** An evaluation: what to ask (dataset), how to work on it (solver), how to judge (scorers). */
export interface Task {
  readonly name: string;
  readonly dataset: Dataset;
  readonly solver: Solver;
  readonly scorers: readonly Scorer[];
  readonly epochs: number;
  /** How a sample's epochs become one value: `mean`, `max`, `mode`, `pass_at_K`, ... */
  readonly reducer: string;
  readonly limits: SampleLimits;
  readonly config: GenerateConfig;
  readonly metadata: Metadata;
  /** The episode (agent files, services) each sample runs in; none means no sandbox. */
  readonly sandbox?: (sample: Sample) => EpisodeSpec;
}

/** The fields of a task one must give; the rest have defaults. */
export type TaskDefinition = Pick<Task, 'name' | 'dataset' | 'solver' | 'scorers'> &
  Partial<Omit<Task, 'name' | 'dataset' | 'solver' | 'scorers'>>;

/** Builds a task from its definition with defaults: one epoch, mean reducer, no limits. */
export function defineTask(definition: TaskDefinition): Task {
  return {
    epochs: 1,
    reducer: 'mean',
    limits: {},
    config: {},
    metadata: {},
    ...definition,
  };
}
