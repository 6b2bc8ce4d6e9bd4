import { CriteriaError } from '../errors/criteria-error.js';
import type { User } from '../identity/user.js';
import type { AgencyOrganisation } from '../organisation/organisation.js';
import { requiredSignatories } from '../organisation/seed-agencies.js';
import { fail, ok, type Result } from '../result.js';
import { toEpochMs, type Timestamp } from '../time/timestamp.js';
import { compileCriteria } from './compile-criteria.js';
import type { CriteriaVersion } from './criteria-version.js';

/**
 * Adds an agency lead's signature. Only a lead of a signing agency (required or consulted) may
 * sign, once per agency, and only a version that compiles: type errors are caught before a
 * version can ever become active.
 */
export function signCriteria(
  version: CriteriaVersion,
  signer: User,
  agencies: readonly AgencyOrganisation[],
  now: Timestamp,
): Result<CriteriaVersion, CriteriaError> {
  if (signer.role !== 'agency_lead') {
    return fail(
      new CriteriaError(
        'not_an_agency_lead',
        `role ${signer.role} cannot sign designation criteria`,
        {
          hint: 'criteria are signed by an agency lead of each required agency',
        },
      ),
    );
  }
  const agency = agencies.find((candidate) => candidate.id === signer.organisationId);
  if (agency === undefined || agency.criteriaRole === 'none') {
    return fail(
      new CriteriaError(
        'not_a_signatory_agency',
        `organisation ${signer.organisationId} does not sign designation criteria`,
        { hint: `the signing agencies are ${signingAgencyNames(agencies)}` },
      ),
    );
  }
  const existing = version.signatures.find((signature) => signature.agencyId === agency.id);
  if (existing !== undefined) {
    return fail(
      new CriteriaError(
        'already_signed',
        `${agency.shortName} already signed version ${version.version} (${existing.signedAt})`,
        { hint: 'each agency signs a version once' },
      ),
    );
  }
  const compiled = compileCriteria(version);
  if (!compiled.ok) {
    return fail(
      new CriteriaError(
        'does_not_compile',
        `criteria version ${version.version} does not compile`,
        {
          hint: 'fix the listed problems in a new version before anyone signs',
          problems: compiled.error,
        },
      ),
    );
  }
  return ok({
    ...version,
    signatures: [
      ...version.signatures,
      { agencyId: agency.id, signerId: signer.id, signedAt: now },
    ],
  });
}

function signingAgencyNames(agencies: readonly AgencyOrganisation[]): string {
  return agencies
    .filter((agency) => agency.criteriaRole !== 'none')
    .map((agency) => agency.shortName)
    .join(', ');
}

/** Whether a version is active: who signed, who is still missing, and when it became active. */
export interface CriteriaActivation {
  readonly active: boolean;
  readonly signedBy: readonly string[];
  readonly missing: readonly string[];
  /** The last required signature's time, once all are in. */
  readonly activatedAt: Timestamp | undefined;
}

/**
 * A version is active only when a lead of every required agency has signed it and it compiles.
 * With no required agency on record nothing is active: an empty list never counts as "all".
 */
export function criteriaActivation(
  version: CriteriaVersion,
  agencies: readonly AgencyOrganisation[],
): CriteriaActivation {
  const required = requiredSignatories(agencies).map((agency) => agency.id);
  const signatures = version.signatures.filter((signature) =>
    required.includes(signature.agencyId),
  );
  const signedBy = required.filter((id) =>
    signatures.some((signature) => signature.agencyId === id),
  );
  const missing = required.filter((id) => !signedBy.includes(id));
  const active = required.length > 0 && missing.length === 0 && compileCriteria(version).ok;
  const activatedAt = active
    ? signatures.reduce<Timestamp | undefined>(
        (latest, signature) =>
          latest === undefined || toEpochMs(signature.signedAt) > toEpochMs(latest)
            ? signature.signedAt
            : latest,
        undefined,
      )
    : undefined;
  return { active, signedBy, missing, activatedAt };
}

/** The version in force: the highest-numbered active one, if any. */
export function activeCriteriaVersion(
  versions: readonly CriteriaVersion[],
  agencies: readonly AgencyOrganisation[],
): CriteriaVersion | undefined {
  return versions
    .filter((version) => criteriaActivation(version, agencies).active)
    .reduce<CriteriaVersion | undefined>(
      (highest, version) =>
        highest === undefined || version.version > highest.version ? version : highest,
      undefined,
    );
}
