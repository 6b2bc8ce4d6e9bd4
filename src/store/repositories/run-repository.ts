import type { Selectable } from 'kysely';
import type { EvaluationRun, Role } from '../../programme/index.js';
import { evaluationRunSchema, roleSchema } from '../../programme/index.js';
import type { RunsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { iso, optional, optionalIso, parseStored } from './stored-value.js';

/** What launched a run and how it ended badly: all optional (a run may come from elsewhere). */
export interface RunProvenance {
  readonly jobId?: string;
  /** Who asked for it, with `requestedByRole`: both or neither. */
  readonly requestedBy?: string;
  readonly requestedByRole?: Role;
  /** Why it failed, at most 2,000 characters. */
  readonly error?: string;
}

/** A run with its provenance. */
export interface RunRecord extends RunProvenance {
  readonly run: EvaluationRun;
}

/** Harness runs against models, linked to their eval logs. */
export interface RunRepository {
  insert(run: EvaluationRun, provenance?: RunProvenance): Promise<void>;
  /**
   * Writes a run's progress: status, times, metrics, and the error when given. False when there
   * is no such run.
   */
  update(run: EvaluationRun, options?: { readonly error?: string }): Promise<boolean>;
  get(id: string): Promise<EvaluationRun | undefined>;
  listForModel(modelId: string): Promise<EvaluationRun[]>;
  listForSubmission(submissionId: string): Promise<EvaluationRun[]>;
  /** The run with its provenance. */
  record(id: string): Promise<RunRecord | undefined>;
  /** A submission's runs with their provenance, oldest first. */
  recordsForSubmission(submissionId: string): Promise<RunRecord[]>;
}

function fromRow(row: Selectable<RunsTable>): EvaluationRun {
  return parseStored(
    evaluationRunSchema,
    {
      id: row.id,
      modelId: row.model_id,
      ...optional('submissionId', row.submission_id),
      suite: row.suite,
      ...optional('track', row.track),
      logPath: row.log_path,
      status: row.status,
      metrics: row.metrics,
      queuedAt: iso(row.queued_at),
      ...optionalIso('startedAt', row.started_at),
      ...optionalIso('finishedAt', row.finished_at),
    },
    `run ${row.id}`,
    'runs',
  );
}

function recordFromRow(row: Selectable<RunsTable>): RunRecord {
  return {
    run: fromRow(row),
    ...optional('jobId', row.job_id),
    ...optional('requestedBy', row.requested_by),
    ...(row.requested_by_role === null
      ? {}
      : {
          requestedByRole: parseStored(
            roleSchema,
            row.requested_by_role,
            `requester's role of run ${row.id}`,
            'runs',
          ),
        }),
    ...optional('error', row.error),
  };
}

function progress(run: EvaluationRun) {
  return {
    status: run.status,
    metrics: JSON.stringify(run.metrics),
    started_at: run.startedAt ?? null,
    finished_at: run.finishedAt ?? null,
  };
}

export function runRepository(db: Executor): RunRepository {
  const select = () => db.selectFrom('runs').selectAll().orderBy('queued_at').orderBy('id');
  return {
    insert: async (run, provenance = {}) => {
      await db
        .insertInto('runs')
        .values({
          id: run.id,
          model_id: run.modelId,
          submission_id: run.submissionId ?? null,
          suite: run.suite,
          track: run.track ?? null,
          log_path: run.logPath,
          queued_at: run.queuedAt,
          ...progress(run),
          job_id: provenance.jobId ?? null,
          requested_by: provenance.requestedBy ?? null,
          requested_by_role: provenance.requestedByRole ?? null,
          error: provenance.error ?? null,
        })
        .execute();
    },
    update: async (run, options = {}) => {
      const result = await db
        .updateTable('runs')
        .set({
          ...progress(run),
          ...(options.error === undefined ? {} : { error: options.error }),
        })
        .where('id', '=', run.id)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    get: async (id) => {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listForModel: async (modelId) =>
      (await select().where('model_id', '=', modelId).execute()).map(fromRow),
    listForSubmission: async (submissionId) =>
      (await select().where('submission_id', '=', submissionId).execute()).map(fromRow),
    record: async (id) => {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : recordFromRow(row);
    },
    recordsForSubmission: async (submissionId) =>
      (await select().where('submission_id', '=', submissionId).execute()).map(recordFromRow),
  };
}
