import type { EvaluationTrack, SubmissionResource } from '../../../programme/index.js';
import { evaluationMarking } from '../../authorization/markings.js';
import type { ProgrammeData } from '../../data/programme-data.js';
import type { SubmissionRecord } from '../../data/records.js';
import { assignedAgencyIds } from '../../../programme/tracks/assign-agency.js';

/**
 * The policy's view of a submission: its marking, assigned agencies, partners and window.
 * `evaluation` asks about its evaluation data (marked more tightly); `objectId` names the
 * object a sensitive action targets; `track` the track an action is about.
 */
export async function submissionResource(
  data: ProgrammeData,
  record: SubmissionRecord,
  options: {
    readonly evaluation?: boolean;
    readonly objectId?: string;
    readonly track?: EvaluationTrack;
  } = {},
): Promise<SubmissionResource> {
  const submission = record.submission;
  const [assignments, partners] = await Promise.all([
    data.assignments.list(submission.id),
    data.partners.list(submission.id),
  ]);
  return {
    kind: 'submission',
    submissionId: submission.id,
    developerOrganisationId: submission.developerOrganisationId,
    marking:
      options.evaluation === true
        ? evaluationMarking(record.marking, submission.id)
        : record.marking,
    assignedAgencyIds: assignedAgencyIds(submission.id, assignments),
    trustedPartners: partners,
    window: submission.window,
    trackAssignments: assignments
      .filter((assignment) => assignment.submissionId === submission.id)
      .map(({ agencyId, track }) => ({ agencyId, track })),
    ...(options.objectId === undefined ? {} : { objectId: options.objectId }),
    ...(options.track === undefined ? {} : { track: options.track }),
  };
}
