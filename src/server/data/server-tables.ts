import type { ColumnType } from 'kysely';

type Timestamptz = ColumnType<Date, Date | string, Date | string>;

/**
 * The service's documents: one row per object, its JSON in `body` (validated by the object's
 * zod schema on every read). `scope` is what lists filter on: the owning organisation, the
 * submission, the user.
 */
export interface ServerDocumentsTable {
  kind: string;
  id: string;
  scope: string;
  body: string;
  updated_at: Timestamptz;
}

/** Submission events, append-only: a submission's state is the fold of these. */
export interface ServerSubmissionEventsTable {
  submission_id: string;
  seq: number;
  body: string;
  recorded_at: Timestamptz;
}

/** The service's own tables, added to the store's with Kysely's `withTables`. */
export type ServerTables = {
  server_documents: ServerDocumentsTable;
  server_submission_events: ServerSubmissionEventsTable;
};
