import { PartnerError } from '../errors/partner-error.js';
import type { User } from '../identity/user.js';
import { fail, ok, type Result } from '../result.js';
import { toEpochMs, type Timestamp } from '../time/timestamp.js';
import type { TrustedPartner } from './trusted-partner.js';

/** Where a trusted partner stands. Only `active` gives access. */
export type PartnerStatus =
  | 'revoked'
  | 'awaiting_both'
  | 'awaiting_government'
  | 'awaiting_developer'
  | 'government_period'
  | 'active';

/** Active only with both approvals, after the government's period, and not revoked. */
export function partnerStatus(partner: TrustedPartner, now: Timestamp): PartnerStatus {
  if (partner.revokedAt !== undefined && toEpochMs(partner.revokedAt) <= toEpochMs(now)) {
    return 'revoked';
  }
  const government = partner.governmentApproval !== undefined;
  const developer = partner.developerApproval !== undefined;
  if (!government && !developer) return 'awaiting_both';
  if (!government) return 'awaiting_government';
  if (!developer) return 'awaiting_developer';
  return toEpochMs(now) < toEpochMs(partner.governmentPeriodEndsAt)
    ? 'government_period'
    : 'active';
}

/** Which side approves. */
export type PartnerSide = 'government' | 'developer';

/**
 * Records one side's approval: the coordinator for the government, a developer admin of the
 * submission's developer for the developer. Neither side can approve for the other.
 */
export function approvePartner(
  partner: TrustedPartner,
  side: PartnerSide,
  approver: User,
  context: { readonly developerOrganisationId: string },
  now: Timestamp,
): Result<TrustedPartner, PartnerError> {
  if (partner.revokedAt !== undefined) {
    return fail(
      new PartnerError('revoked', `partner ${partner.partnerOrganisationId} was revoked`, {
        hint: 'nominate the partner again',
      }),
    );
  }
  const neededRole = side === 'government' ? 'coordinator' : 'developer_admin';
  if (approver.role !== neededRole) {
    return fail(
      new PartnerError(
        'wrong_role',
        `role ${approver.role} cannot approve a partner for the ${side}`,
        {
          hint: `the ${side} side approves through a ${neededRole}`,
        },
      ),
    );
  }
  if (side === 'developer' && approver.organisationId !== context.developerOrganisationId) {
    return fail(
      new PartnerError(
        'other_organisation',
        'only the submission’s own developer can approve for the developer',
        {
          hint: `ask an admin of ${context.developerOrganisationId}`,
        },
      ),
    );
  }
  const field = side === 'government' ? 'governmentApproval' : 'developerApproval';
  if (partner[field] !== undefined) {
    return fail(
      new PartnerError('already_approved', `the ${side} has already approved this partner`),
    );
  }
  return ok({ ...partner, [field]: { approvedBy: approver.id, approvedAt: now } });
}
