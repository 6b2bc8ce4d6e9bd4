import { z } from 'zod';

/**
 * The states of a submission. `withdrawn` is reachable from every state. There is no approved
 * or denied state: a release is never anyone's to grant.
 */
export const submissionStates = [
  'draft',
  'submitted',
  'qualifying',
  'not_designated',
  'designated',
  'window_open',
  'window_closed',
  'reported',
  'withdrawn',
] as const;
export type SubmissionState = (typeof submissionStates)[number];

export const submissionStateSchema = z.enum(submissionStates);
