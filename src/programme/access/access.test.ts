import { describe, expect, it } from 'vitest';
import {
  currentAgreement,
  makeUser,
  submissionGrant,
  testNow,
} from '../testing/programme-fixtures.js';
import { addDays } from '../time/timestamp.js';
import {
  acceptAgreement,
  agreementAcceptanceSchema,
  hasAcceptedAgreement,
} from './access-agreement.js';
import { issueNeedToKnowGrant, type GrantRequest } from './issue-grant.js';
import { grantCovers, isGrantLive, needToKnowGrantSchema } from './need-to-know-grant.js';

describe('access agreements', () => {
  it('counts an acceptance of the current version only', () => {
    const acceptance = acceptAgreement('user.1', currentAgreement, testNow);
    expect(agreementAcceptanceSchema.parse(acceptance)).toEqual(acceptance);
    expect(hasAcceptedAgreement([acceptance], 'user.1', currentAgreement)).toBe(true);
    expect(hasAcceptedAgreement([acceptance], 'user.2', currentAgreement)).toBe(false);
    expect(hasAcceptedAgreement([{ ...acceptance, version: 1 }], 'user.1', currentAgreement)).toBe(
      false,
    );
    expect(
      hasAcceptedAgreement([{ ...acceptance, agreementId: 'other' }], 'user.1', currentAgreement),
    ).toBe(false);
    expect(hasAcceptedAgreement([], 'user.1', currentAgreement)).toBe(false);
  });
});

describe('need-to-know grants', () => {
  const officer = makeUser('security_officer');
  const request: GrantRequest = {
    id: 'grant.9',
    userId: 'user.agency_evaluator',
    scope: { kind: 'submission', submissionId: 'sub.1' },
    validFrom: testNow,
    validUntil: addDays(testNow, 30),
    reason: 'assigned to the insider-risk track',
  };

  it('is issued by a security officer, who is recorded with the time', () => {
    const issued = issueNeedToKnowGrant(officer, request, testNow);
    expect(issued).toEqual({
      ok: true,
      value: { ...request, issuedBy: officer.id, issuedAt: testNow },
    });
    expect(issued.ok && needToKnowGrantSchema.parse(issued.value)).toBeTruthy();
  });

  it('refuses other issuers, self-grants, empty and overlong periods', () => {
    const byLead = issueNeedToKnowGrant(makeUser('agency_lead'), request, testNow);
    expect(!byLead.ok && byLead.error.code).toBe('issuer_not_security_officer');
    const self = issueNeedToKnowGrant(officer, { ...request, userId: officer.id }, testNow);
    expect(!self.ok && self.error.code).toBe('self_grant');
    const empty = issueNeedToKnowGrant(officer, { ...request, validUntil: testNow }, testNow);
    expect(!empty.ok && empty.error.code).toBe('empty_period');
    const long = issueNeedToKnowGrant(
      officer,
      { ...request, validUntil: addDays(testNow, 91) },
      testNow,
    );
    expect(!long.ok && long.error.code).toBe('too_long');
    expect(
      issueNeedToKnowGrant(officer, { ...request, validUntil: addDays(testNow, 90) }, testNow).ok,
    ).toBe(true);
  });

  it('is live from its start until (not including) its end, unless revoked', () => {
    const grant = submissionGrant('user.x', 'sub.1');
    expect(isGrantLive(grant, testNow)).toBe(true);
    expect(isGrantLive(grant, grant.validFrom)).toBe(true);
    expect(isGrantLive(grant, grant.validUntil)).toBe(false);
    expect(isGrantLive(grant, addDays(grant.validFrom, -1))).toBe(false);
    expect(isGrantLive({ ...grant, revokedAt: addDays(testNow, -1) }, testNow)).toBe(false);
    expect(isGrantLive({ ...grant, revokedAt: addDays(testNow, 1) }, testNow)).toBe(true);
  });

  it('covers its submission, or anything in its compartment', () => {
    const bySubmission = submissionGrant('user.x', 'sub.1');
    expect(grantCovers(bySubmission, { submissionId: 'sub.1', compartments: [] })).toBe(true);
    expect(grantCovers(bySubmission, { submissionId: 'sub.2', compartments: ['DEV-ACME'] })).toBe(
      false,
    );
    const byCompartment = {
      ...bySubmission,
      scope: { kind: 'compartment' as const, compartment: 'CRITERIA' },
    };
    expect(grantCovers(byCompartment, { compartments: ['CRITERIA'] })).toBe(true);
    expect(grantCovers(byCompartment, { submissionId: 'sub.1', compartments: ['DEV-ACME'] })).toBe(
      false,
    );
  });

  it('refuses malformed grants from outside', () => {
    const grant = submissionGrant('user.x', 'sub.1');
    expect(
      needToKnowGrantSchema.safeParse({ ...grant, scope: { kind: 'everything' } }).success,
    ).toBe(false);
    expect(
      needToKnowGrantSchema.safeParse({ ...grant, reason: '  ' }).error?.issues[0]?.message,
    ).toBe('write a few words; it cannot be empty');
  });
});
