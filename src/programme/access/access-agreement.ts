import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';
import { timestampSchema, type Timestamp } from '../time/timestamp.js';

/**
 * The access agreement (confidentiality, cybersecurity, insider-risk, IP, use and
 * non-disclosure terms). Versioned: a new version must be accepted again.
 */
export const accessAgreementSchema = z
  .object({
    id: idSchema,
    version: z.number().int().min(1),
    title: textSchema,
    publishedAt: timestampSchema,
  })
  .strict()
  .readonly();

export type AccessAgreement = z.infer<typeof accessAgreementSchema>;

/** A user's acceptance of one version of the agreement. */
export const agreementAcceptanceSchema = z
  .object({
    userId: idSchema,
    agreementId: idSchema,
    version: z.number().int().min(1),
    acceptedAt: timestampSchema,
  })
  .strict()
  .readonly();

export type AgreementAcceptance = z.infer<typeof agreementAcceptanceSchema>;

/** The record of `userId` accepting `agreement` at `now`. */
export function acceptAgreement(
  userId: string,
  agreement: AccessAgreement,
  now: Timestamp,
): AgreementAcceptance {
  return { userId, agreementId: agreement.id, version: agreement.version, acceptedAt: now };
}

/** True when `userId` has accepted exactly the current version of the agreement. */
export function hasAcceptedAgreement(
  acceptances: readonly AgreementAcceptance[],
  userId: string,
  agreement: Pick<AccessAgreement, 'id' | 'version'>,
): boolean {
  return acceptances.some(
    (acceptance) =>
      acceptance.userId === userId &&
      acceptance.agreementId === agreement.id &&
      acceptance.version === agreement.version,
  );
}
