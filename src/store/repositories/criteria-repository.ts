import type { Selectable } from 'kysely';
import type { CriteriaSignature, CriteriaVersion, Marking } from '../../programme/index.js';
import { criteriaVersionSchema } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { CriteriaSignaturesTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, parseStored } from './stored-value.js';

/** What may be listed of a criteria version without opening it: no rules, no thresholds. */
export interface CriteriaVersionSummary {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly marking: Marking;
  readonly draftedBy: string;
  readonly draftedAt: string;
  readonly signatures: readonly CriteriaSignature[];
}

/**
 * Criteria versions. The rules and declarations (thresholds included) are sealed (kind
 * `criteria-version-body`), so opening a version is an audited sealed read; titles, markings and
 * signatures are plain, so the deadline and the signing status can be shown without it.
 */
export interface CriteriaRepository {
  /** Stores a drafted version (and any signatures it already carries). */
  draft(version: CriteriaVersion, sealed: SealedData): Promise<void>;
  addSignature(versionId: string, signature: CriteriaSignature): Promise<void>;
  /** The whole version, rules included: a sealed read, audited through `audit`. */
  open(
    id: string,
    sealed: SealedData,
    audit: AuditSealedRead,
  ): Promise<CriteriaVersion | undefined>;
  /** Every version's clear part, by version number. */
  summaries(): Promise<CriteriaVersionSummary[]>;
  /** One version's clear part, without a sealed read. */
  summary(id: string): Promise<CriteriaVersionSummary | undefined>;
}

const bodyRef = (id: string) => ({ kind: 'criteria-version-body', objectId: id }) as const;

function signatureFromRow(row: Selectable<CriteriaSignaturesTable>): CriteriaSignature {
  return { agencyId: row.agency_id, signerId: row.signer_id, signedAt: iso(row.signed_at) };
}

export function criteriaRepository(db: Executor): CriteriaRepository {
  const insertSignature = (tx: Executor, versionId: string, signature: CriteriaSignature) =>
    tx
      .insertInto('criteria_signatures')
      .values({
        criteria_version_id: versionId,
        agency_id: signature.agencyId,
        signer_id: signature.signerId,
        signed_at: signature.signedAt,
      })
      .execute();
  const summaries = async (id?: string): Promise<CriteriaVersionSummary[]> => {
    let query = db.selectFrom('criteria_versions').selectAll().orderBy('version');
    if (id !== undefined) query = query.where('id', '=', id);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const signatures = await db
      .selectFrom('criteria_signatures')
      .selectAll()
      .where(
        'criteria_version_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('signed_at')
      .orderBy('agency_id')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      version: row.version,
      title: row.title,
      marking: row.marking as Marking,
      draftedBy: row.drafted_by,
      draftedAt: iso(row.drafted_at),
      signatures: signatures
        .filter((signature) => signature.criteria_version_id === row.id)
        .map(signatureFromRow),
    }));
  };
  return {
    draft: (version, sealed) =>
      atomically(db, async (tx) => {
        await tx
          .insertInto('criteria_versions')
          .values({
            id: version.id,
            version: version.version,
            title: version.title,
            marking: JSON.stringify(version.marking),
            drafted_by: version.draftedBy,
            drafted_at: version.draftedAt,
          })
          .execute();
        await sealed.seal(
          bodyRef(version.id),
          JSON.stringify({ declarations: version.declarations, tiers: version.tiers }),
          tx,
        );
        for (const signature of version.signatures)
          await insertSignature(tx, version.id, signature);
      }),
    addSignature: async (versionId, signature) => {
      await insertSignature(db, versionId, signature);
    },
    open: async (id, sealed, audit) => {
      const summary = (await summaries(id))[0];
      if (summary === undefined) return undefined;
      const body = JSON.parse(await sealed.openText(bodyRef(id), audit, db)) as object;
      return parseStored(
        criteriaVersionSchema,
        { ...summary, ...body },
        `criteria version ${id}`,
        'criteria_versions',
      );
    },
    summaries: () => summaries(),
    summary: async (id) => (await summaries(id))[0],
  };
}
