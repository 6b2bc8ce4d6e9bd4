import { z } from 'zod';
import { idSchema } from '../ids.js';
import { timestampSchema } from '../time/timestamp.js';

/** The three evaluation tracks. */
export const evaluationTracks = [
  'structural_vulnerabilities',
  'insider_risks',
  'digital_infrastructure',
] as const;
export type EvaluationTrack = (typeof evaluationTracks)[number];

/** A track from outside; a wrong one is refused with the list of tracks. */
export const evaluationTrackSchema = z.enum(evaluationTracks, {
  error: () => `unknown track; use one of ${evaluationTracks.join(', ')}`,
});

/** An agency assigned to one track of one submission, by a coordinator. */
export const trackAssignmentSchema = z
  .object({
    id: idSchema,
    submissionId: idSchema,
    track: evaluationTrackSchema,
    agencyId: idSchema,
    assignedBy: idSchema,
    assignedAt: timestampSchema,
  })
  .strict()
  .readonly();

export type TrackAssignment = z.infer<typeof trackAssignmentSchema>;
