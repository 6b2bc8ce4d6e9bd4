import type {
  AppliedEvent,
  Result,
  Submission,
  SubmissionEvent,
  SubmissionState,
  TransitionError,
} from '../../programme/index.js';
import {
  applySubmissionEvent,
  replaySubmission,
  submissionEventSchema,
} from '../../programme/index.js';
import { StoreQueryError } from '../errors/store-query-error.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, parseStored } from './stored-value.js';

/** What lists show of a submission: the projection, without replaying its events. */
export interface SubmissionSummary {
  readonly id: string;
  readonly developerOrganisationId: string;
  readonly modelId: string;
  readonly state: SubmissionState;
  readonly eventCount: number;
  readonly draftedAt: string;
  readonly lastEventAt: string;
}

/**
 * Submissions as event streams. The events are the truth (append-only, refused by trigger
 * otherwise); `submissions` is a projection written in the same transaction.
 */
export interface SubmissionRepository {
  /**
   * Appends `event` if the lifecycle accepts it given the stored events, with the submission
   * locked so concurrent events apply one after another. A refusal writes nothing and comes back
   * as the domain's TransitionError. The caller carries out the returned effects (revoke access,
   * purge the credential) in the same transaction: pass one as the executor.
   */
  record(
    event: SubmissionEvent,
    recordedAt: string,
  ): Promise<Result<AppliedEvent, TransitionError>>;
  events(submissionId: string): Promise<SubmissionEvent[]>;
  /** The submission as its events leave it. */
  get(submissionId: string): Promise<Submission | undefined>;
  listOf(developerOrganisationId: string): Promise<SubmissionSummary[]>;
}

async function loadEvents(db: Executor, submissionId: string): Promise<SubmissionEvent[]> {
  const rows = await db
    .selectFrom('submission_events')
    .select(['seq', 'body'])
    .where('submission_id', '=', submissionId)
    .orderBy('seq')
    .execute();
  return rows.map((row) =>
    parseStored(
      submissionEventSchema,
      row.body,
      `event ${row.seq} of submission ${submissionId}`,
      'submission_events',
    ),
  );
}

function replayStored(
  submissionId: string,
  events: readonly SubmissionEvent[],
): Submission | undefined {
  if (events.length === 0) return undefined;
  const replayed = replaySubmission(events);
  if (replayed.ok) return replayed.value;
  throw new StoreQueryError(
    `the stored events of submission ${submissionId} do not replay: event ${replayed.error.eventIndex + 1}: ${replayed.error.error.message}`,
    {
      table: 'submission_events',
      hint: 'the event stream was changed outside Vigil; restore it from a backup',
    },
  );
}

export function submissionRepository(db: Executor): SubmissionRepository {
  return {
    record: (event, recordedAt) =>
      atomically(db, async (tx) => {
        await tx
          .selectFrom('submissions')
          .select('id')
          .where('id', '=', event.submissionId)
          .forUpdate()
          .execute();
        const current = replayStored(event.submissionId, await loadEvents(tx, event.submissionId));
        const applied = applySubmissionEvent(current, event);
        if (!applied.ok) return applied;
        const next = applied.value.submission;
        const projection = {
          state: next.state,
          event_count: next.eventCount,
          last_event_at: next.lastEventAt,
        };
        if (current === undefined) {
          await tx
            .insertInto('submissions')
            .values({
              id: next.id,
              developer_organisation_id: next.developerOrganisationId,
              model_id: next.modelId,
              drafted_at: next.draftedAt,
              ...projection,
            })
            .execute();
        } else {
          await tx.updateTable('submissions').set(projection).where('id', '=', next.id).execute();
        }
        await tx
          .insertInto('submission_events')
          .values({
            submission_id: event.submissionId,
            seq: next.eventCount,
            type: event.type,
            actor_id: event.actorId,
            at: event.at,
            body: JSON.stringify(event),
            recorded_at: recordedAt,
          })
          .execute();
        return applied;
      }),
    events: (submissionId) => loadEvents(db, submissionId),
    get: async (submissionId) => replayStored(submissionId, await loadEvents(db, submissionId)),
    listOf: async (developerOrganisationId) => {
      const rows = await db
        .selectFrom('submissions')
        .selectAll()
        .where('developer_organisation_id', '=', developerOrganisationId)
        .orderBy('drafted_at')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        id: row.id,
        developerOrganisationId: row.developer_organisation_id,
        modelId: row.model_id,
        state: row.state as SubmissionState,
        eventCount: row.event_count,
        draftedAt: iso(row.drafted_at),
        lastEventAt: iso(row.last_event_at),
      }));
    },
  };
}
