import type { Selectable } from 'kysely';
import type { EvaluationRun } from '../../programme/index.js';
import { evaluationRunSchema } from '../../programme/index.js';
import type { RunsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { iso, optional, optionalIso, parseStored } from './stored-value.js';

/** Harness runs against models, linked to their eval logs. */
export interface RunRepository {
  insert(run: EvaluationRun): Promise<void>;
  /** Writes a run's progress: status, times, metrics. False when there is no such run. */
  update(run: EvaluationRun): Promise<boolean>;
  get(id: string): Promise<EvaluationRun | undefined>;
  listForModel(modelId: string): Promise<EvaluationRun[]>;
  listForSubmission(submissionId: string): Promise<EvaluationRun[]>;
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
    insert: async (run) => {
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
        })
        .execute();
    },
    update: async (run) => {
      const result = await db
        .updateTable('runs')
        .set(progress(run))
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
  };
}
