import type { Determination } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';
import type { DeterminationRecord } from './records.js';

/**
 * Determinations: the whole record sealed; who, when, the marking and the developer's sanitised
 * release readable without opening it.
 */
export interface DeterminationData {
  /** Seals the determination and stores its clear part, in one transaction. */
  record(determination: Determination, sealed: SealedData): Promise<void>;
  get(id: string): Promise<DeterminationRecord | undefined>;
  /** A model's determinations, oldest first. */
  list(modelId: string): Promise<DeterminationRecord[]>;
  /** The whole determination: a sealed read, audited through `audit`. */
  open(id: string, sealed: SealedData, audit: AuditSealedRead): Promise<Determination | undefined>;
}

export function determinationData(db: Executor): DeterminationData {
  const { determinations } = repositories(db);
  return {
    record: (determination, sealed) => determinations.record(determination, sealed),
    get: (id) => determinations.summary(id),
    list: (modelId) => determinations.summariesFor(modelId),
    open: (id, sealed, audit) => determinations.open(id, sealed, audit),
  };
}
