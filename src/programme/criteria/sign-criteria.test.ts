import { describe, expect, it } from 'vitest';
import { seedAgencies } from '../organisation/seed-agencies.js';
import {
  agencyLead,
  makeUser,
  sampleCriteria,
  signedCriteria,
  testNow,
} from '../testing/programme-fixtures.js';
import { activeCriteriaVersion, criteriaActivation, signCriteria } from './sign-criteria.js';
import type { CriteriaVersion } from './criteria-version.js';

function signAll(version: CriteriaVersion, agencyIds: readonly string[]): CriteriaVersion {
  return agencyIds.reduce((current, agencyId) => {
    const signed = signCriteria(current, agencyLead(agencyId), seedAgencies, testNow);
    if (!signed.ok) throw signed.error;
    return signed.value;
  }, version);
}

describe('signCriteria and criteriaActivation', () => {
  it('activates a version only once Treasury, War/NSA and CISA have all signed', () => {
    let version = sampleCriteria();
    expect(criteriaActivation(version, seedAgencies)).toEqual({
      active: false,
      signedBy: [],
      missing: ['agency.treasury', 'agency.war-nsa', 'agency.cisa'],
      activatedAt: undefined,
    });
    version = signAll(version, ['agency.treasury', 'agency.cisa', 'agency.nist-caisi']);
    expect(criteriaActivation(version, seedAgencies)).toMatchObject({
      active: false,
      missing: ['agency.war-nsa'],
    });
    version = signAll(version, ['agency.war-nsa']);
    expect(criteriaActivation(version, seedAgencies)).toEqual({
      active: true,
      signedBy: ['agency.treasury', 'agency.war-nsa', 'agency.cisa'],
      missing: [],
      activatedAt: testNow,
    });
  });

  it('follows the agency data: a newly required agency must sign too', () => {
    const agencies = seedAgencies.map((agency) =>
      agency.id === 'agency.nist-caisi'
        ? { ...agency, criteriaRole: 'required_signatory' as const }
        : agency,
    );
    expect(criteriaActivation(signedCriteria(), agencies)).toMatchObject({
      active: false,
      missing: ['agency.nist-caisi'],
    });
  });

  it('activates nothing when no agency is required', () => {
    const none = seedAgencies.map((agency) => ({ ...agency, criteriaRole: 'consulted' as const }));
    expect(criteriaActivation(signedCriteria(), none).active).toBe(false);
  });

  it('records the time of the last required signature as the activation time', () => {
    expect(criteriaActivation(signedCriteria(), seedAgencies).activatedAt).toBe(
      '2026-06-27T00:00:00.000Z',
    );
  });

  it('refuses signers who are not agency leads, agencies that do not sign, and second signatures', () => {
    const version = sampleCriteria();
    const byEvaluator = signCriteria(version, makeUser('agency_evaluator'), seedAgencies, testNow);
    expect(!byEvaluator.ok && byEvaluator.error.code).toBe('not_an_agency_lead');
    const outsider = signCriteria(version, agencyLead('agency.fema'), seedAgencies, testNow);
    expect(!outsider.ok && outsider.error.code).toBe('not_a_signatory_agency');
    expect(!outsider.ok && outsider.error.hint).toBe(
      'the signing agencies are Treasury, War/NSA, CISA, NIST/CAISI',
    );
    const silent = seedAgencies.map((agency) =>
      agency.id === 'agency.cisa' ? { ...agency, criteriaRole: 'none' as const } : agency,
    );
    const notSigning = signCriteria(version, agencyLead('agency.cisa'), silent, testNow);
    expect(!notSigning.ok && notSigning.error.code).toBe('not_a_signatory_agency');
    const once = signAll(version, ['agency.cisa']);
    const twice = signCriteria(once, agencyLead('agency.cisa'), seedAgencies, testNow);
    expect(!twice.ok && twice.error.code).toBe('already_signed');
  });

  it('refuses to sign a version with type errors, so it can never become active', () => {
    const broken = sampleCriteria({
      tiers: { alert: [], designate: [{ id: 'x', expression: 'open_weights >= 1' }] },
    });
    const signed = signCriteria(broken, agencyLead('agency.cisa'), seedAgencies, testNow);
    expect(!signed.ok && signed.error.code).toBe('does_not_compile');
    expect(!signed.ok && signed.error.problems[0]?.message).toBe(
      '`>=` compares numbers, not a condition (true/false)',
    );
    // Signatures forged onto a broken version in storage still do not activate it.
    const forged = { ...broken, signatures: signedCriteria().signatures };
    expect(criteriaActivation(forged, seedAgencies).active).toBe(false);
  });
});

describe('activeCriteriaVersion', () => {
  it('picks the highest fully signed version', () => {
    const v1 = signedCriteria();
    const v2 = signedCriteria({ id: 'criteria.v2', version: 2 });
    const v3 = sampleCriteria({ id: 'criteria.v3', version: 3 });
    expect(activeCriteriaVersion([v1, v3, v2], seedAgencies)?.id).toBe('criteria.v2');
    expect(activeCriteriaVersion([v3], seedAgencies)).toBeUndefined();
  });
});
