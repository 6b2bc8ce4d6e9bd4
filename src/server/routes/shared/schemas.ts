import { z } from 'zod';
import { idSchema } from '../../../programme/index.js';

/** Path parameters naming one object by id. */
export const submissionParams = z.object({ submissionId: idSchema }).strict();
export const userParams = z.object({ userId: idSchema }).strict();
export const grantParams = z.object({ grantId: idSchema }).strict();
export const criteriaParams = z.object({ criteriaVersionId: idSchema }).strict();
export const determinationParams = z.object({ determinationId: idSchema }).strict();
export const partnerParams = z.object({ partnerId: idSchema }).strict();
export const runParams = z.object({ runId: idSchema }).strict();
export const approvalParams = z.object({ approvalId: idSchema }).strict();
export const tokenParams = z
  .object({ tokenId: z.string().regex(/^tok-[A-Za-z0-9]{12}$/) })
  .strict();
export const jobParams = z.object({ jobId: z.string().regex(/^job-[0-9a-f-]{36}$/) }).strict();

/** `{ "reason": "…" }`: why a person did something, for the record. */
export const reasonBody = z
  .object({ reason: z.string().trim().min(1, 'say why, in a few words').max(2000) })
  .strict();

/** An empty answer: the request was done. */
export const doneSchema = z.object({ done: z.literal(true) }).strict();
