import { AssignmentError } from '../errors/assignment-error.js';
import type { User } from '../identity/user.js';
import type { AgencyOrganisation } from '../organisation/organisation.js';
import { fail, ok, type Result } from '../result.js';
import type { Timestamp } from '../time/timestamp.js';
import type { EvaluationTrack, TrackAssignment } from './track-assignment.js';

/** What a coordinator asks for: this agency on this track of this submission. */
export interface AssignmentRequest {
  readonly id: string;
  readonly submissionId: string;
  readonly track: EvaluationTrack;
  readonly agencyId: string;
}

/** Assigns an agency to a track. Only a coordinator assigns; an agency holds a track once. */
export function assignAgency(
  request: AssignmentRequest,
  assigner: User,
  agencies: readonly AgencyOrganisation[],
  existing: readonly TrackAssignment[],
  now: Timestamp,
): Result<TrackAssignment, AssignmentError> {
  if (assigner.role !== 'coordinator') {
    return fail(
      new AssignmentError('not_a_coordinator', `role ${assigner.role} cannot assign tracks`, {
        hint: 'ask the programme coordinator',
      }),
    );
  }
  if (!agencies.some((agency) => agency.id === request.agencyId)) {
    return fail(
      new AssignmentError('unknown_agency', `${request.agencyId} is not an agency`, {
        hint: `assign one of ${agencies.map((agency) => agency.id).join(', ')}`,
      }),
    );
  }
  const duplicate = existing.some(
    (assignment) =>
      assignment.submissionId === request.submissionId &&
      assignment.track === request.track &&
      assignment.agencyId === request.agencyId,
  );
  if (duplicate) {
    return fail(
      new AssignmentError(
        'already_assigned',
        `${request.agencyId} is already assigned to ${request.track} on submission ${request.submissionId}`,
      ),
    );
  }
  return ok({ ...request, assignedBy: assigner.id, assignedAt: now });
}

/** The agencies assigned to any track of a submission (what the policy checks). */
export function assignedAgencyIds(
  submissionId: string,
  assignments: readonly TrackAssignment[],
): readonly string[] {
  return [
    ...new Set(
      assignments
        .filter((assignment) => assignment.submissionId === submissionId)
        .map((assignment) => assignment.agencyId),
    ),
  ].sort();
}
