import type { Selectable } from 'kysely';
import type { TrackAssignment } from '../../programme/index.js';
import { trackAssignmentSchema } from '../../programme/index.js';
import type { TrackAssignmentsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { iso, parseStored } from './stored-value.js';

/** Agencies assigned to the tracks of submissions. */
export interface AssignmentRepository {
  /** Stores an assignment; the same agency on the same track twice throws UniqueViolationError. */
  insert(assignment: TrackAssignment): Promise<void>;
  listFor(submissionId: string): Promise<TrackAssignment[]>;
  /** The assignments of an agency: what its evaluators may see. */
  listForAgency(agencyId: string): Promise<TrackAssignment[]>;
}

function fromRow(row: Selectable<TrackAssignmentsTable>): TrackAssignment {
  return parseStored(
    trackAssignmentSchema,
    {
      id: row.id,
      submissionId: row.submission_id,
      track: row.track,
      agencyId: row.agency_id,
      assignedBy: row.assigned_by,
      assignedAt: iso(row.assigned_at),
    },
    `assignment ${row.id}`,
    'track_assignments',
  );
}

export function assignmentRepository(db: Executor): AssignmentRepository {
  const select = () =>
    db.selectFrom('track_assignments').selectAll().orderBy('assigned_at').orderBy('id');
  return {
    insert: async (assignment) => {
      await db
        .insertInto('track_assignments')
        .values({
          id: assignment.id,
          submission_id: assignment.submissionId,
          track: assignment.track,
          agency_id: assignment.agencyId,
          assigned_by: assignment.assignedBy,
          assigned_at: assignment.assignedAt,
        })
        .execute();
    },
    listFor: async (submissionId) =>
      (await select().where('submission_id', '=', submissionId).execute()).map(fromRow),
    listForAgency: async (agencyId) =>
      (await select().where('agency_id', '=', agencyId).execute()).map(fromRow),
  };
}
