import { z } from 'zod';
import { evaluationTracks } from '../../programme/index.js';

/** The job that runs a track's suites against a submission's model while its window is open. */
export const trackEvaluationJobKind = 'track-evaluation';

/** What a track evaluation job carries: which suites, on which track, asked by whom. */
export const trackEvaluationPayloadSchema = z
  .object({
    submissionId: z.string(),
    requestedBy: z.string(),
    track: z.enum(evaluationTracks),
    suites: z.array(z.string()).min(1),
    limit: z.number().int().positive().optional(),
    epochs: z.number().int().positive().optional(),
  })
  .strict();
export type TrackEvaluationPayload = z.infer<typeof trackEvaluationPayloadSchema>;
