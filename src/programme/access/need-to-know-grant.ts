import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';
import { compartmentSchema } from '../marking/marking.js';
import { timestampSchema, toEpochMs, type Timestamp } from '../time/timestamp.js';

/** What a need-to-know grant covers: one submission, or everything in one compartment. */
export const grantScopeSchema = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('submission'), submissionId: idSchema })
    .strict()
    .readonly(),
  z
    .object({ kind: z.literal('compartment'), compartment: compartmentSchema })
    .strict()
    .readonly(),
]);

export type GrantScope = z.infer<typeof grantScopeSchema>;

/** A time-limited need-to-know grant issued by a security officer. */
export const needToKnowGrantSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    scope: grantScopeSchema,
    validFrom: timestampSchema,
    validUntil: timestampSchema,
    issuedBy: idSchema,
    issuedAt: timestampSchema,
    reason: textSchema,
    revokedAt: timestampSchema.exactOptional(),
  })
  .strict()
  .readonly();

export type NeedToKnowGrant = z.infer<typeof needToKnowGrantSchema>;

/** True when the grant is in force at `now`: started, not ended, not revoked. */
export function isGrantLive(grant: NeedToKnowGrant, now: Timestamp): boolean {
  const at = toEpochMs(now);
  return (
    toEpochMs(grant.validFrom) <= at &&
    at < toEpochMs(grant.validUntil) &&
    (grant.revokedAt === undefined || at < toEpochMs(grant.revokedAt))
  );
}

/** True when the grant's scope covers an object of `submissionId` marked with `compartments`. */
export function grantCovers(
  grant: NeedToKnowGrant,
  target: { readonly submissionId?: string | undefined; readonly compartments: readonly string[] },
): boolean {
  return grant.scope.kind === 'submission'
    ? grant.scope.submissionId === target.submissionId
    : target.compartments.includes(grant.scope.compartment);
}
