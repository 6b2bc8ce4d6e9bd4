import { z } from 'zod';
import { idSchema } from '../ids.js';
import { timestampSchema } from '../time/timestamp.js';

/** One side's approval of a trusted partner. */
export const partnerApprovalSchema = z
  .object({ approvedBy: idSchema, approvedAt: timestampSchema })
  .strict()
  .readonly();

/**
 * A trusted partner on one submission. Chosen jointly: both the government side and the
 * developer approve, and access starts only when the government's own period has ended.
 */
export const trustedPartnerSchema = z
  .object({
    id: idSchema,
    submissionId: idSchema,
    partnerOrganisationId: idSchema,
    /** When the government's exclusive testing period ends. */
    governmentPeriodEndsAt: timestampSchema,
    governmentApproval: partnerApprovalSchema.exactOptional(),
    developerApproval: partnerApprovalSchema.exactOptional(),
    revokedAt: timestampSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type TrustedPartner = z.infer<typeof trustedPartnerSchema>;
