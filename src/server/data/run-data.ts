import { repositories } from '../../store/repositories/repositories.js';
import type { RunRecord as StoredRun } from '../../store/repositories/run-repository.js';
import { parseStored } from '../../store/repositories/stored-value.js';
import type { Executor } from '../../store/store.js';
import { runRecordSchema, type RunRecord } from './records.js';

/** Evaluation runs with what launched them; the requester must be a user of the programme. */
export interface RunData {
  insert(record: RunRecord): Promise<void>;
  /** Writes a run's progress and error; false when there is no such run. */
  update(record: RunRecord): Promise<boolean>;
  get(id: string): Promise<RunRecord | undefined>;
  /** A submission's runs, oldest first. */
  list(submissionId: string): Promise<RunRecord[]>;
}

function fromStored(stored: StoredRun): RunRecord {
  return parseStored(runRecordSchema, stored, `run ${stored.run.id}`, 'runs');
}

export function runData(db: Executor): RunData {
  const { runs } = repositories(db);
  return {
    insert: (record) => {
      const { run, ...provenance } = record;
      return runs.insert(run, provenance);
    },
    update: (record) =>
      runs.update(record.run, record.error === undefined ? {} : { error: record.error }),
    get: async (id) => {
      const stored = await runs.record(id);
      return stored === undefined ? undefined : fromStored(stored);
    },
    list: async (submissionId) => (await runs.recordsForSubmission(submissionId)).map(fromStored),
  };
}
