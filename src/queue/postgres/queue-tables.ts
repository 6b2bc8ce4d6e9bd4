import type { ColumnType } from 'kysely';

type Timestamptz = ColumnType<Date, Date | string, Date | string>;

/** One job of the PostgreSQL-backed queue. Payload, result: JSON text. */
export interface QueueJobsTable {
  id: string;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_after: Timestamptz;
  claimed_by: string | null;
  lease_until: Timestamptz | null;
  result: string | null;
  error: string | null;
  enqueued_at: Timestamptz;
  finished_at: Timestamptz | null;
}

/** The queue's tables, added to the store's with Kysely's `withTables`. */
export type QueueTables = { queue_jobs: QueueJobsTable };
