import { InputError } from '../../core/errors/input-error.js';
import type {
  AppliedEvent,
  Marking,
  Result,
  Submission,
  SubmissionEvent,
  SubmissionState,
  TransitionError,
} from '../../programme/index.js';
import {
  applySubmissionEvent,
  markingSchema,
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

/** A submission as its events leave it, with the marking the policy decides on. */
export interface MarkedSubmission {
  readonly submission: Submission;
  readonly marking: Marking;
}

/**
 * Submissions as event streams. The events are the truth (append-only, refused by trigger
 * otherwise); `submissions` is a projection written in the same transaction, with the
 * submission's marking.
 */
export interface SubmissionRepository {
  /**
   * Appends `event` if the lifecycle accepts it given the stored events, with the submission
   * locked so concurrent events apply one after another. A refusal writes nothing and comes back
   * as the domain's TransitionError. The first event (`submission-drafted`) needs the new
   * submission's `marking`; without one it throws InputError. The caller carries out the
   * returned effects (revoke access, purge the credential) in the same transaction: pass one as
   * the executor.
   */
  record(
    event: SubmissionEvent,
    recordedAt: string,
    options?: { readonly marking?: Marking },
  ): Promise<Result<AppliedEvent, TransitionError>>;
  events(submissionId: string): Promise<SubmissionEvent[]>;
  /** The submission as its events leave it. */
  get(submissionId: string): Promise<Submission | undefined>;
  /**
   * The submission with its marking. `lock` holds its row until the transaction ends, so
   * nothing else changes it in between (use it inside a transaction).
   */
  getMarked(
    submissionId: string,
    options?: { readonly lock?: boolean },
  ): Promise<MarkedSubmission | undefined>;
  /**
   * Every submission with its marking, or those of one developer, oldest first: the events of
   * all of them are read in one query and replayed here.
   */
  listMarked(developerOrganisationId?: string): Promise<MarkedSubmission[]>;
  /** Changes the marking (a window's expiry, an approved downgrade); false when there is none. */
  setMarking(submissionId: string, marking: Marking): Promise<boolean>;
  listOf(developerOrganisationId: string): Promise<SubmissionSummary[]>;
}

async function loadEvents(db: Executor, submissionId: string): Promise<SubmissionEvent[]> {
  return (await loadEventsOf(db, [submissionId])).get(submissionId) ?? [];
}

/** The events of several submissions in one query, by submission, oldest first. */
async function loadEventsOf(
  db: Executor,
  submissionIds: readonly string[],
): Promise<Map<string, SubmissionEvent[]>> {
  const bySubmission = new Map<string, SubmissionEvent[]>();
  if (submissionIds.length === 0) return bySubmission;
  const rows = await db
    .selectFrom('submission_events')
    .select(['submission_id', 'seq', 'body'])
    .where('submission_id', 'in', submissionIds)
    .orderBy('submission_id')
    .orderBy('seq')
    .execute();
  for (const row of rows) {
    const event = parseStored(
      submissionEventSchema,
      row.body,
      `event ${row.seq} of submission ${row.submission_id}`,
      'submission_events',
    );
    const events = bySubmission.get(row.submission_id) ?? [];
    events.push(event);
    bySubmission.set(row.submission_id, events);
  }
  return bySubmission;
}

function markingOf(submissionId: string, value: unknown): Marking {
  return parseStored(markingSchema, value, `marking of submission ${submissionId}`, 'submissions');
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
    record: (event, recordedAt, options = {}) =>
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
          if (options.marking === undefined) {
            throw new InputError(`submission ${next.id} cannot be stored without its marking`, {
              hint: 'pass the marking with the submission-drafted event',
            });
          }
          await tx
            .insertInto('submissions')
            .values({
              id: next.id,
              developer_organisation_id: next.developerOrganisationId,
              model_id: next.modelId,
              drafted_at: next.draftedAt,
              marking: JSON.stringify(options.marking),
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
    getMarked: async (submissionId, options = {}) => {
      let query = db.selectFrom('submissions').select('marking').where('id', '=', submissionId);
      if (options.lock === true) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (row === undefined) return undefined;
      const submission = replayStored(submissionId, await loadEvents(db, submissionId));
      if (submission === undefined) return undefined;
      return { submission, marking: markingOf(submissionId, row.marking) };
    },
    listMarked: async (developerOrganisationId) => {
      let query = db
        .selectFrom('submissions')
        .select(['id', 'marking'])
        .orderBy('drafted_at')
        .orderBy('id');
      if (developerOrganisationId !== undefined) {
        query = query.where('developer_organisation_id', '=', developerOrganisationId);
      }
      const rows = await query.execute();
      const events = await loadEventsOf(
        db,
        rows.map((row) => row.id),
      );
      return rows.flatMap((row) => {
        const submission = replayStored(row.id, events.get(row.id) ?? []);
        return submission === undefined
          ? []
          : [{ submission, marking: markingOf(row.id, row.marking) }];
      });
    },
    setMarking: async (submissionId, marking) => {
      const result = await db
        .updateTable('submissions')
        .set({ marking: JSON.stringify(marking) })
        .where('id', '=', submissionId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
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
