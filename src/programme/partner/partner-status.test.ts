import { describe, expect, it } from 'vitest';
import { makeUser, testNow } from '../testing/programme-fixtures.js';
import { addDays } from '../time/timestamp.js';
import { approvePartner, partnerStatus } from './partner-status.js';
import type { TrustedPartner } from './trusted-partner.js';

const nominated: TrustedPartner = {
  id: 'partner-link.1',
  submissionId: 'sub.1',
  partnerOrganisationId: 'partner.grid',
  governmentPeriodEndsAt: addDays(testNow, 10),
};
const coordinator = makeUser('coordinator');
const developerAdmin = makeUser('developer_admin');
const context = { developerOrganisationId: 'dev.acme' };

function approved(partner: TrustedPartner, side: 'government' | 'developer'): TrustedPartner {
  const result = approvePartner(
    partner,
    side,
    side === 'government' ? coordinator : developerAdmin,
    context,
    testNow,
  );
  if (!result.ok) throw result.error;
  return result.value;
}

describe('trusted partners', () => {
  it('become active only with both approvals and after the government’s period', () => {
    expect(partnerStatus(nominated, testNow)).toBe('awaiting_both');
    const government = approved(nominated, 'government');
    expect(partnerStatus(government, testNow)).toBe('awaiting_developer');
    expect(partnerStatus(approved(nominated, 'developer'), testNow)).toBe('awaiting_government');
    const both = approved(government, 'developer');
    expect(both.developerApproval).toEqual({ approvedBy: developerAdmin.id, approvedAt: testNow });
    expect(partnerStatus(both, testNow)).toBe('government_period');
    expect(partnerStatus(both, addDays(testNow, 10))).toBe('active');
    expect(partnerStatus({ ...both, revokedAt: addDays(testNow, 11) }, addDays(testNow, 12))).toBe(
      'revoked',
    );
    expect(partnerStatus({ ...both, revokedAt: addDays(testNow, 11) }, addDays(testNow, 10))).toBe(
      'active',
    );
  });

  it('lets neither side approve for the other, nor twice, nor after revocation', () => {
    const leadForGovernment = approvePartner(
      nominated,
      'government',
      makeUser('agency_lead'),
      context,
      testNow,
    );
    expect(!leadForGovernment.ok && leadForGovernment.error.code).toBe('wrong_role');
    const coordinatorForDeveloper = approvePartner(
      nominated,
      'developer',
      coordinator,
      context,
      testNow,
    );
    expect(!coordinatorForDeveloper.ok && coordinatorForDeveloper.error.code).toBe('wrong_role');
    const memberForDeveloper = approvePartner(
      nominated,
      'developer',
      makeUser('developer_member'),
      context,
      testNow,
    );
    expect(!memberForDeveloper.ok && memberForDeveloper.error.code).toBe('wrong_role');
    const otherDeveloper = approvePartner(
      nominated,
      'developer',
      makeUser('developer_admin', { organisationId: 'dev.other' }),
      context,
      testNow,
    );
    expect(!otherDeveloper.ok && otherDeveloper.error.code).toBe('other_organisation');
    const twice = approvePartner(
      approved(nominated, 'government'),
      'government',
      coordinator,
      context,
      testNow,
    );
    expect(!twice.ok && twice.error.code).toBe('already_approved');
    const revoked = approvePartner(
      { ...nominated, revokedAt: testNow },
      'government',
      coordinator,
      context,
      testNow,
    );
    expect(!revoked.ok && revoked.error.code).toBe('revoked');
  });
});
