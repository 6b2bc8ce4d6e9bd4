import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';
import { roleSchema } from '../identity/role.js';
import { markingSchema } from '../marking/marking.js';
import { timestampSchema } from '../time/timestamp.js';

/** Actions that need a second person's approval before they can be done. */
export const sensitiveActions = [
  'credential.unmask',
  'transcripts.export',
  'marking.lower',
] as const;
export type SensitiveAction = (typeof sensitiveActions)[number];

/** What a request is about: one object, and for a marking change the two markings. */
const targetShape = {
  /** The submission the object belongs to, when it belongs to one. */
  submissionId: idSchema.exactOptional(),
  /** The object acted on: a credential, a transcript set, a marked object. */
  objectId: idSchema,
};

/** A request for a sensitive action, as its requester fills it in. */
export const approvalRequestInputSchema = z.discriminatedUnion('action', [
  z
    .object({ action: z.literal('credential.unmask'), ...targetShape, reason: textSchema })
    .strict()
    .readonly(),
  z
    .object({ action: z.literal('transcripts.export'), ...targetShape, reason: textSchema })
    .strict()
    .readonly(),
  z
    .object({
      action: z.literal('marking.lower'),
      ...targetShape,
      reason: textSchema,
      from: markingSchema,
      to: markingSchema,
    })
    .strict()
    .readonly(),
]);

export type ApprovalRequestInput = z.infer<typeof approvalRequestInputSchema>;

/** Where a request stands. */
export const approvalStatuses = ['pending', 'approved', 'rejected', 'used'] as const;
export type ApprovalStatus = (typeof approvalStatuses)[number];

/** The decision recorded on a request. */
export const approvalDecisionSchema = z
  .object({
    deciderId: idSchema,
    deciderRole: roleSchema,
    decidedAt: timestampSchema,
    approved: z.boolean(),
    comment: z.string().max(2000).exactOptional(),
  })
  .strict()
  .readonly();

/** A two-person approval request: made by one person, decided by another, used once. */
export const approvalRequestSchema = z
  .object({
    id: idSchema,
    request: approvalRequestInputSchema,
    requesterId: idSchema,
    requesterRole: roleSchema,
    requestedAt: timestampSchema,
    expiresAt: timestampSchema,
    status: z.enum(approvalStatuses),
    decision: approvalDecisionSchema.exactOptional(),
    usedAt: timestampSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type ApprovalRequest = z.infer<typeof approvalRequestSchema>;
