import type { Determination, SanitisedDetermination } from '../../programme/index.js';
import {
  determinationSchema,
  informationNotPermission,
  sanitiseDetermination,
  sanitisedDeterminationSchema,
} from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, parseStored } from './stored-value.js';

/**
 * Determinations. The whole record (inputs, evaluation) is sealed (kind `determination`); the
 * sanitised status — what the developer may be told — is a plain column, so releasing it needs
 * no sealed read and can never leak a threshold.
 */
export interface DeterminationRepository {
  record(determination: Determination, sealed: SealedData): Promise<void>;
  /** The whole determination: a sealed read, audited through `audit`. */
  open(id: string, sealed: SealedData, audit: AuditSealedRead): Promise<Determination | undefined>;
  sanitised(id: string): Promise<SanitisedDetermination | undefined>;
  /** The sanitised determinations of a model, oldest first. */
  sanitisedFor(modelId: string): Promise<SanitisedDetermination[]>;
}

const recordRef = (id: string) => ({ kind: 'determination', objectId: id }) as const;

export function determinationRepository(db: Executor): DeterminationRepository {
  const sanitisedWhere = async (column: 'id' | 'model_id', value: string) => {
    const rows = await db
      .selectFrom('determinations')
      .select(['id', 'model_id', 'determined_at', 'status'])
      .where(column, '=', value)
      .orderBy('determined_at')
      .orderBy('id')
      .execute();
    return rows.map((row) =>
      parseStored(
        sanitisedDeterminationSchema,
        {
          determinationId: row.id,
          modelId: row.model_id,
          determinedAt: iso(row.determined_at),
          status: row.status,
          statement: informationNotPermission,
        },
        `determination ${row.id}`,
        'determinations',
      ),
    );
  };
  return {
    record: (determination, sealed) =>
      atomically(db, async (tx) => {
        await tx
          .insertInto('determinations')
          .values({
            id: determination.id,
            model_id: determination.modelId,
            developer_organisation_id: determination.developerOrganisationId,
            submission_id: determination.submissionId ?? null,
            criteria_version_id: determination.evaluation.criteriaVersionId,
            status: sanitiseDetermination(determination).status,
            adjudicator_id: determination.adjudicatorId,
            determined_at: determination.determinedAt,
            marking: JSON.stringify(determination.marking),
          })
          .execute();
        await sealed.seal(recordRef(determination.id), JSON.stringify(determination), tx);
      }),
    open: async (id, sealed, audit) => {
      const row = await db
        .selectFrom('determinations')
        .select('id')
        .where('id', '=', id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const value: unknown = JSON.parse(await sealed.openText(recordRef(id), audit, db));
      return parseStored(determinationSchema, value, `determination ${id}`, 'determinations');
    },
    sanitised: async (id) => (await sanitisedWhere('id', id))[0],
    sanitisedFor: (modelId) => sanitisedWhere('model_id', modelId),
  };
}
