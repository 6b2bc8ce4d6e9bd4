import { seedAgencies, type AgencyOrganisation } from '../programme/index.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { Store } from '../store/store.js';
import { createAccount } from './accounts.js';
import type { PasswordHashCost } from './auth/password-hash.js';
import { accessAgreementId, currentAgreement } from './authorization/load-subject.js';
import { benchmarkCompartment, criteriaCompartment } from './authorization/markings.js';
import { programmeData } from './data/programme-data.js';

/** The organisation the programme's own staff belong to (security officers, auditors, workers). */
export const programmeOffice: AgencyOrganisation = {
  id: 'agency.programme-office',
  kind: 'agency',
  name: 'Programme Office',
  shortName: 'Programme',
  criteriaRole: 'none',
};

/** The sign-in name of the service's own worker identity, which runs queued jobs. */
export const workerUsername = 'worker';

/** What a first start created, for the person at the terminal. */
export interface BootstrapReport {
  /** The in-process worker's user id. */
  readonly workerUserId: string;
  /** The first security officer's sign-in, when no account existed. */
  readonly firstAdmin?: { readonly username: string; readonly oneTimePassword: string };
}

/**
 * Makes a fresh store usable: the agencies (seed data; who signs criteria is data), the
 * programme office, the criteria's and the sealed benchmarks' compartments, the access
 * agreement, and — when there is no account at all — one security officer with a one-time
 * password. Running it again changes nothing.
 */
export async function bootstrapProgramme(
  store: Store,
  audit: AuditTrail,
  options: { readonly now: Date; readonly passwordHashCost: PasswordHashCost },
): Promise<BootstrapReport> {
  return store.transaction(async (tx) => {
    const data = programmeData(tx);
    const now = options.now.toISOString();
    for (const agency of [...seedAgencies, programmeOffice]) {
      if ((await data.organisations.get(agency.id)) === undefined)
        await data.organisations.insert(agency, now);
    }
    for (const compartment of [criteriaCompartment, benchmarkCompartment]) {
      if ((await data.compartments.get(compartment)) === undefined) {
        await data.compartments.create({
          name: compartment,
          kind: 'programme',
          organisationId: programmeOffice.id,
          createdAt: now,
        });
      }
    }
    if ((await currentAgreement(data)) === undefined) {
      await data.agreements.publish({
        id: accessAgreementId,
        version: 1,
        title:
          'Programme access agreement: confidentiality, cybersecurity, insider-risk, intellectual property, use and non-disclosure terms',
        publishedAt: now,
      });
    }
    const firstStart = (await data.accounts.list()).length === 0;
    const workerUserId = await ensureWorker(data, now, options.passwordHashCost);
    if (!firstStart) return { workerUserId };
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
      ? { workerUserId }
      : { workerUserId, firstAdmin: { username: 'admin', oneTimePassword } };
  });
}

/** The worker account, created once. A security officer still clears it and grants it access. */
async function ensureWorker(
  data: ReturnType<typeof programmeData>,
  now: string,
  cost: PasswordHashCost,
): Promise<string> {
  const existing = await data.accounts.findByUsername(workerUsername);
  if (existing !== undefined) return existing.user.id;
  const { account } = await createAccount(
    data,
    {
      username: workerUsername,
      displayName: 'In-process job worker',
      role: 'worker',
      organisationId: programmeOffice.id,
    },
    { cost, now },
  );
  return account.user.id;
}
