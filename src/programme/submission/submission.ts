import { z } from 'zod';
import { idSchema } from '../ids.js';
import { timestampSchema } from '../time/timestamp.js';
import { accessWindowSchema } from '../window/access-window.js';
import { submissionStateSchema } from './submission-state.js';

/** A submission as its events leave it (the fold's result; the store may keep it as a projection). */
export const submissionSchema = z
  .object({
    id: idSchema,
    developerOrganisationId: idSchema,
    modelId: idSchema,
    state: submissionStateSchema,
    draftedAt: timestampSchema,
    lastEventAt: timestampSchema,
    eventCount: z.number().int().min(1),
    determinationId: idSchema.exactOptional(),
    window: accessWindowSchema.exactOptional(),
    declaredReleaseAt: timestampSchema.exactOptional(),
    releasedAt: timestampSchema.exactOptional(),
    withdrawnAt: timestampSchema.exactOptional(),
    reportId: idSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type Submission = z.infer<typeof submissionSchema>;

/** What the store must do because of an event, at once and in the same transaction. */
export type SubmissionEffect =
  | { readonly kind: 'revoke_model_access'; readonly submissionId: string }
  | { readonly kind: 'purge_access_credential'; readonly submissionId: string };
