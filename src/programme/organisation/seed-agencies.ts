import type { AgencyOrganisation } from './organisation.js';

/**
 * The agencies the order names: Treasury, War (through NSA) and CISA write the criteria and must
 * each sign them; NIST's Center for AI Standards and Innovation is consulted. Seed data, loaded
 * into the store once; changing who must sign is an edit to the stored records, not to code.
 */
export const seedAgencies: readonly AgencyOrganisation[] = [
  {
    id: 'agency.treasury',
    kind: 'agency',
    name: 'Department of the Treasury',
    shortName: 'Treasury',
    criteriaRole: 'required_signatory',
  },
  {
    id: 'agency.war-nsa',
    kind: 'agency',
    name: 'Department of War (National Security Agency)',
    shortName: 'War/NSA',
    criteriaRole: 'required_signatory',
  },
  {
    id: 'agency.cisa',
    kind: 'agency',
    name: 'Cybersecurity and Infrastructure Security Agency',
    shortName: 'CISA',
    criteriaRole: 'required_signatory',
  },
  {
    id: 'agency.nist-caisi',
    kind: 'agency',
    name: 'NIST Center for AI Standards and Innovation',
    shortName: 'NIST/CAISI',
    criteriaRole: 'consulted',
  },
];

/** The agencies whose leads must all sign a criteria version before it is active. */
export function requiredSignatories(
  agencies: readonly AgencyOrganisation[],
): readonly AgencyOrganisation[] {
  return agencies.filter((agency) => agency.criteriaRole === 'required_signatory');
}
