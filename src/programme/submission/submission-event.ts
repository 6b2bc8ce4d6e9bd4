import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';
import { timestampSchema } from '../time/timestamp.js';
import { windowCapDaysSchema } from '../window/window-settings.js';

/** Fields every event carries: which submission, who, when, why. */
const base = {
  submissionId: idSchema,
  actorId: idSchema,
  at: timestampSchema,
  reason: textSchema,
};

function event<Type extends string, Shape extends z.ZodRawShape>(type: Type, shape: Shape) {
  return z
    .object({ ...base, type: z.literal(type), ...shape })
    .strict()
    .readonly();
}

/** A developer opens a draft for one of its models: the first event of every submission. */
export const submissionDraftedSchema = event('submission-drafted', {
  developerOrganisationId: idSchema,
  modelId: idSchema,
});
/** The developer opts in: its own act, per model. */
export const submissionSubmittedSchema = event('submission-submitted', {});
/** The qualification battery starts. */
export const qualificationStartedSchema = event('qualification-started', {});
/** The adjudicator's determination is applied to the submission. */
export const designationRecordedSchema = event('designation-recorded', {
  determinationId: idSchema,
  designated: z.boolean(),
});
/** Access is granted: the window opens with the cap in force at that moment. */
export const windowOpenedSchema = event('window-opened', { capDays: windowCapDaysSchema });
/** The developer declares (or moves) the planned release date. */
export const releaseDateDeclaredSchema = event('release-date-declared', {
  declaredReleaseAt: timestampSchema,
});
/** The developer records that the model was released, and when. Nobody approves it. */
export const releaseRecordedSchema = event('release-recorded', { releasedAt: timestampSchema });
/** The window is closed: its time ran out, or the government ended testing early. */
export const windowClosedSchema = event('window-closed', {
  cause: z.enum(['expired', 'ended_early']),
});
/** The report on the submission is issued. */
export const reportIssuedSchema = event('report-issued', { reportId: idSchema });
/** The developer withdraws; access ends and the stored access credential is purged. */
export const submissionWithdrawnSchema = event('submission-withdrawn', {});

/** Any submission event, as stored and as received. */
export const submissionEventSchema = z.discriminatedUnion('type', [
  submissionDraftedSchema,
  submissionSubmittedSchema,
  qualificationStartedSchema,
  designationRecordedSchema,
  windowOpenedSchema,
  releaseDateDeclaredSchema,
  releaseRecordedSchema,
  windowClosedSchema,
  reportIssuedSchema,
  submissionWithdrawnSchema,
]);

export type SubmissionEvent = z.infer<typeof submissionEventSchema>;
export type SubmissionEventType = SubmissionEvent['type'];

/** Every event type, in lifecycle order. */
export const submissionEventTypes: readonly SubmissionEventType[] = [
  'submission-drafted',
  'submission-submitted',
  'qualification-started',
  'designation-recorded',
  'window-opened',
  'release-date-declared',
  'release-recorded',
  'window-closed',
  'report-issued',
  'submission-withdrawn',
];
