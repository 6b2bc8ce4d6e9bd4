import { z } from 'zod';
import { GrantError } from '../errors/grant-error.js';
import { idSchema, textSchema } from '../ids.js';
import type { User } from '../identity/user.js';
import { fail, ok, type Result } from '../result.js';
import { dayMs, timestampSchema, toEpochMs, type Timestamp } from '../time/timestamp.js';
import { grantScopeSchema, type NeedToKnowGrant } from './need-to-know-grant.js';

/** The longest a single grant may run; renewals are new grants, each reviewed. */
export const maxGrantDays = 90;

/** What a security officer fills in to issue a grant. */
export const grantRequestSchema = z
  .object({
    id: idSchema,
    userId: idSchema,
    scope: grantScopeSchema,
    validFrom: timestampSchema,
    validUntil: timestampSchema,
    reason: textSchema,
  })
  .strict()
  .readonly();

export type GrantRequest = z.infer<typeof grantRequestSchema>;

/**
 * Issues a need-to-know grant. Only a security officer issues grants, never to themselves;
 * a grant ends after it starts and lasts at most `maxGrantDays`.
 */
export function issueNeedToKnowGrant(
  issuer: User,
  request: GrantRequest,
  now: Timestamp,
): Result<NeedToKnowGrant, GrantError> {
  if (issuer.role !== 'security_officer') {
    return fail(
      new GrantError(
        'issuer_not_security_officer',
        `role ${issuer.role} cannot issue need-to-know grants`,
        {
          hint: 'ask a security officer to issue the grant',
        },
      ),
    );
  }
  if (request.userId === issuer.id) {
    return fail(
      new GrantError('self_grant', 'a security officer cannot grant need-to-know to themselves', {
        hint: 'ask another security officer',
      }),
    );
  }
  const from = toEpochMs(request.validFrom);
  const until = toEpochMs(request.validUntil);
  if (until <= from) {
    return fail(
      new GrantError(
        'empty_period',
        `the grant ends (${request.validUntil}) before it starts (${request.validFrom})`,
        {
          hint: 'set validUntil after validFrom',
        },
      ),
    );
  }
  if (until - from > maxGrantDays * dayMs) {
    return fail(
      new GrantError('too_long', `a grant may last at most ${maxGrantDays} days`, {
        hint: `shorten it, or issue a new grant when this one ends`,
      }),
    );
  }
  return ok({ ...request, issuedBy: issuer.id, issuedAt: now });
}
