import type { Selectable } from 'kysely';
import type { Determination, Marking, SanitisedDetermination } from '../../programme/index.js';
import {
  determinationSchema,
  informationNotPermission,
  markingSchema,
  sanitiseDetermination,
  sanitisedDeterminationSchema,
} from '../../programme/index.js';
import type { DeterminationsTable } from '../schema/programme-tables.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, optional, parseStored } from './stored-value.js';

/**
 * What may be read of a determination without opening it: who, when, about what, its marking,
 * and the sanitised release (no inputs, no rule, no threshold).
 */
export interface DeterminationSummary {
  readonly id: string;
  readonly modelId: string;
  readonly developerOrganisationId: string;
  readonly submissionId?: string;
  readonly criteriaVersionId: string;
  readonly adjudicatorId: string;
  readonly determinedAt: string;
  readonly marking: Marking;
  readonly release: SanitisedDetermination;
}

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
  /** A determination's clear part, without a sealed read. */
  summary(id: string): Promise<DeterminationSummary | undefined>;
  /** The clear parts of a model's determinations, oldest first. */
  summariesFor(modelId: string): Promise<DeterminationSummary[]>;
}

const recordRef = (id: string) => ({ kind: 'determination', objectId: id }) as const;

function sanitisedOf(row: Selectable<DeterminationsTable>): SanitisedDetermination {
  return parseStored(
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
  );
}

function summaryOf(row: Selectable<DeterminationsTable>): DeterminationSummary {
  return {
    id: row.id,
    modelId: row.model_id,
    developerOrganisationId: row.developer_organisation_id,
    ...optional('submissionId', row.submission_id),
    criteriaVersionId: row.criteria_version_id,
    adjudicatorId: row.adjudicator_id,
    determinedAt: iso(row.determined_at),
    marking: parseStored(
      markingSchema,
      row.marking,
      `marking of determination ${row.id}`,
      'determinations',
    ),
    release: sanitisedOf(row),
  };
}

export function determinationRepository(db: Executor): DeterminationRepository {
  const where = (column: 'id' | 'model_id', value: string) =>
    db
      .selectFrom('determinations')
      .selectAll()
      .where(column, '=', value)
      .orderBy('determined_at')
      .orderBy('id')
      .execute();
  const sanitisedWhere = async (column: 'id' | 'model_id', value: string) =>
    (await where(column, value)).map(sanitisedOf);
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
    summary: async (id) => (await where('id', id)).map(summaryOf)[0],
    summariesFor: async (modelId) => (await where('model_id', modelId)).map(summaryOf),
  };
}
