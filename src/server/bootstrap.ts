import { seedAgencies, type AgencyOrganisation } from '../programme/index.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Store } from '../store/store.js';
import { createAccount } from './accounts.js';
import type { PasswordHashCost } from './auth/password-hash.js';
import { accessAgreementId, currentAgreement } from './authorization/load-subject.js';
import { programmeData } from './data/programme-data.js';

/** The organisation the programme's own staff belong to (security officers, auditors, workers). */
export const programmeOffice: AgencyOrganisation = {
  id: 'agency.programme-office',
  kind: 'agency',
  name: 'Programme Office',
  shortName: 'Programme',
  criteriaRole: 'none',
};

/** What a first start created, for the person at the terminal. */
export interface BootstrapReport {
  /** The first security officer's sign-in, when no account existed. */
  readonly firstAdmin?: { readonly username: string; readonly oneTimePassword: string };
}

/**
 * Makes a fresh store usable: the agencies (seed data; who signs criteria is data), the
 * programme office, the access agreement, and — when there is no account at all — one security
 * officer with a one-time password. Running it again changes nothing.
 */
export async function bootstrapProgramme(
  store: Store,
  audit: AuditTrail,
  options: { readonly now: Date; readonly passwordHashCost: PasswordHashCost },
): Promise<BootstrapReport> {
  return store.transaction(async (tx) => {
    const data = programmeData(tx);
    for (const agency of [...seedAgencies, programmeOffice]) {
      if ((await data.organisations.get(agency.id)) === undefined)
        await data.organisations.insert(agency);
    }
    const now = options.now.toISOString();
    if ((await currentAgreement(data)) === undefined) {
      await data.agreements.insert({
        id: accessAgreementId,
        version: 1,
        title:
          'Programme access agreement: confidentiality, cybersecurity, insider-risk, intellectual property, use and non-disclosure terms',
        publishedAt: now,
      });
    }
    if ((await data.accounts.list()).length > 0) return {};
    const { account, oneTimePassword } = await createAccount(
      data,
      {
        username: 'admin',
        displayName: 'First security officer',
        role: 'security_officer',
        organisationId: programmeOffice.id,
      },
      { cost: options.passwordHashCost, now },
    );
    await audit.append(
      {
        actor: 'system',
        action: 'account.create',
        source: 'bootstrap',
        outcome: 'ok',
        objectId: account.user.id,
        details: { username: account.username, role: account.user.role },
      },
      tx,
    );
    return oneTimePassword === undefined
      ? {}
      : { firstAdmin: { username: 'admin', oneTimePassword } };
  });
}
