import { createHash } from 'node:crypto';
import { InputError } from '../../core/errors/input-error.js';
import { ScorerError } from '../../core/errors/scorer-error.js';
import { targetLetter } from '../../core/scorers/choice.js';
import { scorerSpecName, type ScorerSpec } from '../../core/scorers/scorer-spec.js';
import type { SolverSpec } from '../../core/solvers/solver-spec.js';
import { targetList, type Sample } from '../../core/task/sample.js';
import type { Task } from '../../core/task/task.js';
import { parseDatasetText } from '../../loaders/dataset-file.js';
import { defaultSolverAndScorer } from '../../loaders/dataset-task.js';
import { taskFromSpec } from '../../loaders/task-from-spec.js';
import {
  newestActiveVersions,
  type BenchmarkResource,
  type EvaluationTrack,
  type SealedBenchmark,
  type SealedBenchmarkBody,
  type SealedBenchmarkTaskSpec,
} from '../../programme/index.js';
import { UnrecoverableJobError } from '../../queue/errors/unrecoverable-job-error.js';
import { SealedDataError } from '../../sealed/errors/sealed-data-error.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { programmeData, type ProgrammeData } from '../data/programme-data.js';
import type { JobAuthority, JobServices } from './job-authority.js';

/** The SHA-256 (hex) of a benchmark's items text, recorded in the clear at upload. */
export function itemsDigest(items: string): string {
  return createHash('sha256').update(items, 'utf8').digest('hex');
}

/** A benchmark's task settings with the solver and scorer decided. */
export type ResolvedTaskSpec = Omit<SealedBenchmarkTaskSpec, 'solver' | 'scorer'> & {
  readonly solver: SolverSpec;
  readonly scorer: ScorerSpec[];
};

/** A task spec with its solver and scorer filled in from the items, as a bare dataset gets them. */
export function resolveTaskSpec(
  spec: SealedBenchmarkTaskSpec,
  samples: readonly Sample[],
): ResolvedTaskSpec {
  const defaults = defaultSolverAndScorer(samples);
  return {
    ...spec,
    solver: spec.solver ?? [...defaults.solver],
    scorer: spec.scorer ?? [defaults.scorer],
  };
}

/**
 * Refuses, at upload, what the `choice` scorer would refuse at run time: items without choices
 * when the task asks a multiple-choice question, and targets that are neither a choice letter
 * nor the text of one of the item's choices.
 */
function checkChoices(spec: ResolvedTaskSpec, samples: readonly Sample[]): void {
  const asksChoice =
    spec.solver.some(
      (step) =>
        step === 'multiple_choice' || (typeof step === 'object' && 'multiple_choice' in step),
    ) || spec.scorer.some((scorer) => scorerSpecName(scorer) === 'choice');
  if (!asksChoice) return;
  const without = samples.find((sample) => sample.choices === undefined);
  if (without !== undefined) {
    throw new InputError(
      `item "${without.id}" has no choices, which a multiple-choice task needs`,
      {
        source: 'items',
        hint: 'give every item a "choices" list, or set task.solver and task.scorer for open answers (e.g. generate and match)',
      },
    );
  }
  if (!spec.scorer.some((scorer) => scorerSpecName(scorer) === 'choice')) return;
  for (const sample of samples) {
    for (const target of targetList(sample.target)) {
      try {
        targetLetter(target, sample.choices);
      } catch (error) {
        if (!(error instanceof ScorerError)) throw error;
        throw new InputError(`item "${sample.id}": ${error.message}`, {
          source: 'items',
          hint: 'give the answer as a letter ("B") or as the exact text of one of the item\'s choices',
        });
      }
    }
  }
}

/**
 * The task of an opened sealed benchmark: its items as the dataset, its settings (solver and
 * scorer filled in from the items when not given), named after the benchmark so its metrics read
 * `sealed.<slug>.<metric>`, with the benchmark's id, version and digest in the metadata so a run
 * shows which items it used. Items that do not match the digest recorded at upload are refused.
 */
export function sealedBenchmarkTask(benchmark: SealedBenchmark, body: SealedBenchmarkBody): Task {
  if (itemsDigest(body.items) !== benchmark.digest) {
    throw new SealedDataError(
      'tampered',
      { kind: 'benchmark-items', objectId: benchmark.id },
      'the items do not match the digest recorded when they were uploaded',
      { hint: 'restore the benchmark from a backup, or upload it again as a new version' },
    );
  }
  const samples = parseDatasetText(body.items, body.format, 'items');
  const spec = resolveTaskSpec(body.task, samples);
  checkChoices(spec, samples);
  return taskFromSpec(
    {
      ...spec,
      metadata: {
        benchmarkId: benchmark.id,
        benchmarkVersion: benchmark.version,
        benchmarkDigest: benchmark.digest,
        track: benchmark.track,
      },
    },
    { name: benchmark.name, location: `sealed benchmark ${benchmark.id}`, samples },
    { name: benchmark.name, source: 'task' },
  );
}

/**
 * The benchmarks a job runs: the newest version of each name that is not retired, of one track
 * and in the battery or not when asked, by name.
 */
export async function activeBenchmarks(
  data: ProgrammeData,
  filter: { readonly track?: EvaluationTrack; readonly inBattery?: boolean } = {},
): Promise<SealedBenchmark[]> {
  const all = await data.benchmarks.list(filter.track === undefined ? {} : { track: filter.track });
  return newestActiveVersions(all).filter(
    (benchmark) => filter.inBattery === undefined || benchmark.inBattery === filter.inBattery,
  );
}

/**
 * Opens a benchmark's items for a job acting as the worker: the policy must allow it
 * `benchmark.use` (cleared, read into BENCHMARKS, with a live grant), the decision and the sealed
 * read are both recorded, and a refusal fails the job at once with the fix.
 */
export async function openSealedBenchmarkForJob(
  services: JobServices,
  authority: JobAuthority,
  benchmark: SealedBenchmark,
  purpose: string,
): Promise<SealedBenchmarkBody> {
  const data = programmeData(services.store.db);
  const resource: BenchmarkResource = {
    kind: 'benchmark',
    benchmarkId: benchmark.id,
    marking: benchmark.marking,
  };
  const worker = authority.worker;
  await authority.requireOn(
    'benchmark.use',
    resource,
    benchmark.id,
    {
      what: `sealed benchmark ${benchmark.name} v${String(benchmark.version)}`,
      hint: `a security officer reads ${worker.username} into BENCHMARKS at the benchmark's level and issues it a need-to-know grant for that compartment`,
    },
    { purpose },
  );
  const body = await data.benchmarks.open(
    benchmark.id,
    services.sealed,
    auditSealedRead(services, {
      actor: worker.user.id,
      source: authority.source,
      purpose,
      marking: benchmark.marking,
    }),
  );
  if (body === undefined) {
    throw new UnrecoverableJobError(`sealed benchmark ${benchmark.id} is gone`);
  }
  return body;
}
