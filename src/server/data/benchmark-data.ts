import type { SealedBenchmark, SealedBenchmarkBody } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { BenchmarkFilter } from '../../store/repositories/benchmark-repository.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';

/**
 * Sealed benchmark item sets: the clear part of each version as a record, the items and task
 * settings sealed. A name's version numbers are unique; a version is retired once.
 */
export interface BenchmarkData {
  /** A version's clear part, without a sealed read. */
  get(id: string): Promise<SealedBenchmark | undefined>;
  /** The clear parts, by name then version; of one track, or only those not retired. */
  list(filter?: BenchmarkFilter): Promise<SealedBenchmark[]>;
  /** The number the next version of `name` gets. */
  nextVersion(name: string): Promise<number>;
  /** Stores a version and seals its items, in one transaction. */
  insert(benchmark: SealedBenchmark, body: SealedBenchmarkBody, sealed: SealedData): Promise<void>;
  /** The items and task settings: a sealed read, audited through `audit`. */
  open(
    id: string,
    sealed: SealedData,
    audit: AuditSealedRead,
  ): Promise<SealedBenchmarkBody | undefined>;
  /** Retires a version; false when it was retired already (or does not exist). */
  retire(id: string, by: string, at: string): Promise<boolean>;
}

export function benchmarkData(db: Executor): BenchmarkData {
  const { benchmarks } = repositories(db);
  return {
    get: (id) => benchmarks.summary(id),
    list: (filter) => benchmarks.summaries(filter),
    nextVersion: (name) => benchmarks.nextVersion(name),
    insert: (benchmark, body, sealed) => benchmarks.insert(benchmark, body, sealed),
    open: (id, sealed, audit) => benchmarks.open(id, sealed, audit),
    retire: (id, by, at) => benchmarks.retire(id, by, at),
  };
}
