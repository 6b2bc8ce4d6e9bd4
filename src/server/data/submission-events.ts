import { submissionEventSchema, type SubmissionEvent } from '../../programme/index.js';
import { describeIssues } from '../../core/validation/parse-with.js';
import { StoreQueryError } from '../../store/errors/store-query-error.js';
import type { Executor } from '../../store/store.js';
import { serviceDb } from './document-collection.js';

/** A submission's events, append-only. */
export interface SubmissionEvents {
  /** The events of one submission, oldest first. */
  list(submissionId: string): Promise<SubmissionEvent[]>;
  /** Appends the event as number `sequence`; a taken number throws UniqueViolationError. */
  append(event: SubmissionEvent, sequence: number): Promise<void>;
}

/** Submission events over `db`. */
export function submissionEvents(db: Executor): SubmissionEvents {
  const sdb = serviceDb(db);
  return {
    list: async (submissionId) => {
      const rows = await sdb
        .selectFrom('server_submission_events')
        .select(['seq', 'body'])
        .where('submission_id', '=', submissionId)
        .orderBy('seq')
        .execute();
      return rows.map((row) => {
        const parsed = submissionEventSchema.safeParse(JSON.parse(row.body));
        if (parsed.success) return parsed.data;
        throw new StoreQueryError(
          `event ${row.seq} of submission ${submissionId} does not match its schema: ${describeIssues(parsed.error)}`,
          { table: 'server_submission_events', hint: 'restore the events from a backup' },
        );
      });
    },
    append: async (event, sequence) => {
      await sdb
        .insertInto('server_submission_events')
        .values({
          submission_id: event.submissionId,
          seq: sequence,
          body: JSON.stringify(event),
          recorded_at: new Date(),
        })
        .execute();
    },
  };
}
