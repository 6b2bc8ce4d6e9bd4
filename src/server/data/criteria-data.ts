import type { CriteriaSignature, CriteriaVersion } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';
import type { CriteriaRecord } from './records.js';

/**
 * Criteria versions: the clear part (title, marking, signatures) as a record, the rules and
 * declarations sealed. Version numbers are unique, one signature per agency.
 */
export interface CriteriaData {
  /** A version's clear part, without a sealed read. */
  get(id: string): Promise<CriteriaRecord | undefined>;
  /** Every version's clear part, by version number. */
  list(): Promise<CriteriaRecord[]>;
  /** Stores a drafted version, its rules sealed, in one transaction. */
  draft(version: CriteriaVersion, sealed: SealedData): Promise<void>;
  addSignature(versionId: string, signature: CriteriaSignature): Promise<void>;
  /** The whole version, rules included: a sealed read, audited through `audit`. */
  open(
    id: string,
    sealed: SealedData,
    audit: AuditSealedRead,
  ): Promise<CriteriaVersion | undefined>;
}

export function criteriaData(db: Executor): CriteriaData {
  const { criteria } = repositories(db);
  return {
    get: (id) => criteria.summary(id),
    list: () => criteria.summaries(),
    draft: (version, sealed) => criteria.draft(version, sealed),
    addSignature: (versionId, signature) => criteria.addSignature(versionId, signature),
    open: (id, sealed, audit) => criteria.open(id, sealed, audit),
  };
}
