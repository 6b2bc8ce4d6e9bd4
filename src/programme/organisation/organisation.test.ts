import { describe, expect, it } from 'vitest';
import { organisationSchema } from './organisation.js';
import { requiredSignatories, seedAgencies } from './seed-agencies.js';

describe('organisations', () => {
  it('seeds Treasury, War/NSA and CISA as required signatories and NIST/CAISI as consulted', () => {
    for (const agency of seedAgencies) expect(organisationSchema.parse(agency)).toEqual(agency);
    expect(requiredSignatories(seedAgencies).map((agency) => agency.shortName)).toEqual([
      'Treasury',
      'War/NSA',
      'CISA',
    ]);
    expect(seedAgencies.find((agency) => agency.id === 'agency.nist-caisi')?.criteriaRole).toBe(
      'consulted',
    );
  });

  it('tags a partner with a sector and refuses one without', () => {
    expect(
      organisationSchema.parse({
        id: 'partner.grid',
        kind: 'partner',
        name: 'Grid Co',
        sector: 'energy',
      }).kind,
    ).toBe('partner');
    expect(
      organisationSchema.safeParse({ id: 'partner.grid', kind: 'partner', name: 'Grid Co' })
        .success,
    ).toBe(false);
    expect(
      organisationSchema.safeParse({
        id: 'partner.grid',
        kind: 'partner',
        name: 'Grid Co',
        sector: 'space',
      }).success,
    ).toBe(false);
  });

  it('refuses unknown kinds, bad ids, empty names and stray fields', () => {
    expect(organisationSchema.safeParse({ id: 'x', kind: 'vendor', name: 'X' }).success).toBe(
      false,
    );
    expect(
      organisationSchema.safeParse({ id: 'has space', kind: 'developer', name: 'X' }).error
        ?.issues[0]?.message,
    ).toBe('use letters, digits, ".", "_", ":" and "-"');
    expect(organisationSchema.safeParse({ id: 'x', kind: 'developer', name: '' }).success).toBe(
      false,
    );
    expect(
      organisationSchema.safeParse({ id: 'x', kind: 'developer', name: 'X', sector: 'energy' })
        .success,
    ).toBe(false);
    expect(
      organisationSchema.safeParse({
        id: 'a',
        kind: 'agency',
        name: 'A',
        shortName: 'A',
        criteriaRole: 'boss',
      }).success,
    ).toBe(false);
  });
});
