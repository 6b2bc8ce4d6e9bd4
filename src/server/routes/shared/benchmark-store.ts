import { InputError } from '../../../core/errors/input-error.js';
import { parseDatasetText } from '../../../loaders/dataset-file.js';
import {
  maxBenchmarkItems,
  sealedBenchmarkSchema,
  type BenchmarkItemFormat,
  type BenchmarkLevel,
  type BenchmarkResource,
  type EvaluationTrack,
  type SealedBenchmark,
  type SealedBenchmarkBody,
  type SealedBenchmarkTaskSpec,
} from '../../../programme/index.js';
import { auditSealedRead, type SealedReader } from '../../authorization/sealed-read-audit.js';
import { benchmarkMarking } from '../../authorization/markings.js';
import { programmeData, type ProgrammeData } from '../../data/programme-data.js';
import { HttpProblem } from '../../http/http-problem.js';
import {
  itemsDigest,
  resolveTaskSpec,
  sealedBenchmarkTask,
} from '../../jobs/sealed-benchmark-task.js';
import type { Services } from '../../services.js';
import { found } from './load.js';
import { recordChange } from './record-change.js';
import type { EventActor } from './record-event.js';

/** The policy's view of a sealed benchmark. */
export function benchmarkResource(benchmark: SealedBenchmark): BenchmarkResource {
  return { kind: 'benchmark', benchmarkId: benchmark.id, marking: benchmark.marking };
}

export async function loadBenchmark(data: ProgrammeData, id: string): Promise<SealedBenchmark> {
  return found(
    await data.benchmarks.get(id),
    `sealed benchmark ${id}`,
    'list them: GET /api/benchmarks',
  );
}

/** The items and task settings: the clear part's marking on the record of the audited read. */
export async function openBenchmark(
  services: Services,
  benchmark: SealedBenchmark,
  reader: Omit<SealedReader, 'marking'>,
): Promise<SealedBenchmarkBody> {
  return found(
    await programmeData(services.store.db).benchmarks.open(
      benchmark.id,
      services.sealed,
      auditSealedRead(services, { ...reader, marking: benchmark.marking }),
    ),
    `sealed benchmark ${benchmark.id}`,
  );
}

/** What an upload says, checked for shape; the items are checked by `prepareBenchmark`. */
export interface BenchmarkUpload {
  /** `sealed.<slug>`. */
  readonly name: string;
  readonly title: string;
  readonly track: EvaluationTrack;
  readonly level: BenchmarkLevel;
  readonly inBattery: boolean;
  readonly format: BenchmarkItemFormat;
  readonly items: string;
  readonly task: SealedBenchmarkTaskSpec;
}

/** Who uploads, and the id and time the new version gets. */
export interface UploadStamp {
  readonly id: string;
  readonly uploadedBy: string;
  readonly ownerId: string;
  readonly uploadedAt: string;
}

/** A bad item or task setting as a 400 naming the field, the line and the fix. */
function refusal(error: InputError, field: string): HttpProblem {
  const hint = error.hint ?? 'fix the item and upload again';
  return new HttpProblem('invalid-request', error.message, {
    hint,
    errors: [{ field, problem: error.message, fix: hint }],
  });
}

/**
 * Checks every item and the task they make before anything is stored: each record parses (a bad
 * one is named by its line, `items:12`), ids are unique, there are at most `maxBenchmarkItems`,
 * and the items run as a task (solver and scorer filled in from the items when not given). The
 * version is the clear part's placeholder 1 until `storeBenchmark` numbers it.
 */
export function prepareBenchmark(
  upload: BenchmarkUpload,
  stamp: UploadStamp,
): { readonly benchmark: SealedBenchmark; readonly body: SealedBenchmarkBody } {
  let body: SealedBenchmarkBody;
  let benchmark: SealedBenchmark;
  try {
    const samples = parseDatasetText(upload.items, upload.format, 'items');
    if (samples.length > maxBenchmarkItems) {
      throw new InputError(`has ${samples.length} items; at most ${maxBenchmarkItems} are kept`, {
        source: 'items',
        hint: 'split the set into several benchmarks',
      });
    }
    const task: SealedBenchmarkTaskSpec = resolveTaskSpec(upload.task, samples);
    body = { format: upload.format, items: upload.items, task };
    benchmark = sealedBenchmarkSchema.parse({
      id: stamp.id,
      name: upload.name,
      version: 1,
      title: upload.title,
      track: upload.track,
      marking: benchmarkMarking(stamp.ownerId, upload.level),
      itemCount: samples.length,
      digest: itemsDigest(upload.items),
      inBattery: upload.inBattery,
      uploadedBy: stamp.uploadedBy,
      uploadedAt: stamp.uploadedAt,
    });
    sealedBenchmarkTask(benchmark, body);
  } catch (error) {
    if (error instanceof InputError) {
      throw refusal(error, error.source?.startsWith('items') === true ? 'body.items' : 'body.task');
    }
    throw error;
  }
  return { benchmark, body };
}

/**
 * Stores a prepared benchmark as the next version of its name, its items sealed, and records
 * the upload, all in one transaction: two uploads racing for a number leave one (the other 409).
 */
export async function storeBenchmark(
  services: Pick<Services, 'store' | 'sealed' | 'audit'>,
  actor: EventActor,
  prepared: ReturnType<typeof prepareBenchmark>,
): Promise<SealedBenchmark> {
  return services.store.transaction(async (tx) => {
    const data = programmeData(tx);
    const benchmark = {
      ...prepared.benchmark,
      version: await data.benchmarks.nextVersion(prepared.benchmark.name),
    };
    await data.benchmarks.insert(benchmark, prepared.body, services.sealed);
    await recordChange(
      services,
      actor,
      {
        action: 'benchmark.upload',
        objectId: benchmark.id,
        objectMarking: benchmark.marking,
        details: {
          name: benchmark.name,
          version: benchmark.version,
          track: benchmark.track,
          itemCount: benchmark.itemCount,
          digest: benchmark.digest,
          inBattery: benchmark.inBattery,
        },
      },
      tx,
    );
    return benchmark;
  });
}
