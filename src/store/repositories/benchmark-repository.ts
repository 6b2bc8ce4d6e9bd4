import type { Selectable } from 'kysely';
import type {
  EvaluationTrack,
  SealedBenchmark,
  SealedBenchmarkBody,
} from '../../programme/index.js';
import { sealedBenchmarkBodySchema, sealedBenchmarkSchema } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { SealedBenchmarksTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, optional, optionalIso, parseStored } from './stored-value.js';

/** Which benchmarks to list: of one track, and only those not retired. */
export interface BenchmarkFilter {
  readonly track?: EvaluationTrack;
  readonly activeOnly?: boolean;
}

/**
 * Sealed benchmark item sets. The items, their format and the task settings are sealed (kind
 * `benchmark-items`), so reading them is an audited sealed read; the clear part (name, version,
 * title, track, marking, item count, digest) lists without one.
 */
export interface BenchmarkRepository {
  /** Stores a version's clear part and seals its body, in one transaction. */
  insert(benchmark: SealedBenchmark, body: SealedBenchmarkBody, sealed: SealedData): Promise<void>;
  /** The clear parts, by name then version. */
  summaries(filter?: BenchmarkFilter): Promise<SealedBenchmark[]>;
  /** One version's clear part, without a sealed read. */
  summary(id: string): Promise<SealedBenchmark | undefined>;
  /** The number the next version of `name` gets: 1 for a new name. */
  nextVersion(name: string): Promise<number>;
  /** The items and task settings: a sealed read, audited through `audit`. */
  open(
    id: string,
    sealed: SealedData,
    audit: AuditSealedRead,
  ): Promise<SealedBenchmarkBody | undefined>;
  /** Retires a version; false when there is no such version or it was retired already. */
  retire(id: string, by: string, at: string): Promise<boolean>;
}

const bodyRef = (id: string) => ({ kind: 'benchmark-items', objectId: id }) as const;

function benchmarkFromRow(row: Selectable<SealedBenchmarksTable>): SealedBenchmark {
  return parseStored(
    sealedBenchmarkSchema,
    {
      id: row.id,
      name: row.name,
      version: row.version,
      title: row.title,
      track: row.track,
      marking: row.marking,
      itemCount: row.item_count,
      digest: row.digest,
      inBattery: row.in_battery,
      uploadedBy: row.uploaded_by,
      uploadedAt: iso(row.uploaded_at),
      ...optionalIso('retiredAt', row.retired_at),
      ...optional('retiredBy', row.retired_by),
    },
    `sealed benchmark ${row.id}`,
    'sealed_benchmarks',
  );
}

export function benchmarkRepository(db: Executor): BenchmarkRepository {
  const summaries = async (filter: BenchmarkFilter & { id?: string } = {}) => {
    let query = db.selectFrom('sealed_benchmarks').selectAll().orderBy('name').orderBy('version');
    if (filter.id !== undefined) query = query.where('id', '=', filter.id);
    if (filter.track !== undefined) query = query.where('track', '=', filter.track);
    if (filter.activeOnly === true) query = query.where('retired_at', 'is', null);
    return (await query.execute()).map(benchmarkFromRow);
  };
  return {
    insert: (benchmark, body, sealed) =>
      atomically(db, async (tx) => {
        await tx
          .insertInto('sealed_benchmarks')
          .values({
            id: benchmark.id,
            name: benchmark.name,
            version: benchmark.version,
            title: benchmark.title,
            track: benchmark.track,
            marking: JSON.stringify(benchmark.marking),
            item_count: benchmark.itemCount,
            digest: benchmark.digest,
            in_battery: benchmark.inBattery,
            uploaded_by: benchmark.uploadedBy,
            uploaded_at: benchmark.uploadedAt,
            retired_at: benchmark.retiredAt ?? null,
            retired_by: benchmark.retiredBy ?? null,
          })
          .execute();
        await sealed.seal(bodyRef(benchmark.id), JSON.stringify(body), tx);
      }),
    summaries: (filter) => summaries(filter),
    summary: async (id) => (await summaries({ id }))[0],
    nextVersion: async (name) => {
      const row = await db
        .selectFrom('sealed_benchmarks')
        .select((eb) => eb.fn.max('version').as('latest'))
        .where('name', '=', name)
        .executeTakeFirst();
      return (row?.latest ?? 0) + 1;
    },
    open: async (id, sealed, audit) => {
      if ((await summaries({ id })).length === 0) return undefined;
      const text = await sealed.openText(bodyRef(id), audit, db);
      return parseStored(
        sealedBenchmarkBodySchema,
        JSON.parse(text) as unknown,
        `sealed benchmark ${id}`,
        'sealed_values',
      );
    },
    retire: async (id, by, at) => {
      const result = await db
        .updateTable('sealed_benchmarks')
        .set({ retired_at: at, retired_by: by })
        .where('id', '=', id)
        .where('retired_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
