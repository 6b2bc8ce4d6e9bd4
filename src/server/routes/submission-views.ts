import { z } from 'zod';
import {
  markingSchema,
  modelSchema,
  submissionSchema,
  submissionStateSchema,
  windowCountdown,
} from '../../programme/index.js';
import { submissionStateAt } from '../../programme/submission/replay-submission.js';
import type { ProgrammeData } from '../data/programme-data.js';
import type { SubmissionRecord } from '../data/records.js';
import { found } from './shared/load.js';

/** The window countdown everyone who may see the submission is shown. */
export const countdownSchema = z
  .object({
    open: z.boolean(),
    closesAt: z.string(),
    reason: z.enum(['withdrawal', 'release', 'ended_early', 'declared_release', 'cap']),
    remainingMs: z.number().int().min(0),
  })
  .strict();

/** A submission as the API shows it. The credential's secret is never part of it. */
export const submissionViewSchema = z
  .object({
    submission: submissionSchema,
    /** The state now: an expired window shows closed before anyone records it. */
    stateNow: submissionStateSchema,
    marking: markingSchema,
    model: modelSchema,
    credential: z
      .object({ model: z.string(), baseUrl: z.string().exactOptional(), storedAt: z.string() })
      .strict()
      .exactOptional(),
    credentialPurgedAt: z.string().exactOptional(),
    countdown: countdownSchema.exactOptional(),
  })
  .strict();

export type SubmissionView = z.input<typeof submissionViewSchema>;

/** The view of a submission at `now`. */
export async function submissionView(
  data: ProgrammeData,
  record: SubmissionRecord,
  now: string,
): Promise<SubmissionView> {
  const model = found(
    await data.models.get(record.submission.modelId),
    `model ${record.submission.modelId}`,
  );
  const credential = record.credential;
  return {
    submission: record.submission,
    stateNow: submissionStateAt(record.submission, now),
    marking: record.marking,
    model,
    ...(credential === undefined
      ? {}
      : {
          credential: {
            model: credential.model,
            storedAt: credential.storedAt,
            ...(credential.baseUrl === undefined ? {} : { baseUrl: credential.baseUrl }),
          },
        }),
    ...(record.credentialPurgedAt === undefined
      ? {}
      : { credentialPurgedAt: record.credentialPurgedAt }),
    ...(record.submission.window === undefined
      ? {}
      : { countdown: windowCountdown(record.submission.window, now) }),
  };
}
