// Programme data in a store, for repository tests (and the layers built on the store).

import type { Role, User } from '../../programme/index.js';
import { roles, seedAgencies } from '../../programme/index.js';
import {
  acmeId,
  acmeModel,
  agencyLead,
  makeUser,
  otherDeveloperId,
  partnerOrganisationId,
  testNow,
} from '../../programme/testing/programme-fixtures.js';
import { repositories } from '../repositories/repositories.js';
import type { Store } from '../store.js';

/** What `seedProgramme` stored. */
export interface ProgrammeSeed {
  /** A user of every role (`user.<role>`), as `makeUser` builds them. */
  readonly users: Readonly<Record<Role, User>>;
  /** The lead of each seeded agency (`lead.<agency id>`). */
  readonly leads: readonly User[];
}

/**
 * Stores the seeded agencies, two developers and a partner, a user of every role and a lead per
 * agency, ACME's compartment and model: what most repository tests start from.
 */
export async function seedProgramme(store: Store): Promise<ProgrammeSeed> {
  return store.transaction(async (tx) => {
    const data = repositories(tx);
    for (const agency of seedAgencies) await data.organisations.insert(agency, testNow);
    await data.organisations.insert({ id: acmeId, kind: 'developer', name: 'Acme AI' }, testNow);
    await data.organisations.insert(
      { id: otherDeveloperId, kind: 'developer', name: 'Other Labs' },
      testNow,
    );
    await data.organisations.insert(
      { id: partnerOrganisationId, kind: 'partner', name: 'Grid Operator', sector: 'energy' },
      testNow,
    );
    await data.compartments.create({
      name: 'DEV-ACME',
      kind: 'developer',
      organisationId: acmeId,
      createdAt: testNow,
    });
    const users = Object.fromEntries(roles.map((role) => [role, makeUser(role)])) as Record<
      Role,
      User
    >;
    const officer = users.security_officer;
    await data.users.insert(officer, { at: testNow, username: officer.id });
    for (const user of Object.values(users)) {
      if (user.id !== officer.id)
        await data.users.insert(user, {
          at: testNow,
          username: user.id,
          grantedBy: officer.id,
        });
    }
    const leads = seedAgencies.map((agency) => agencyLead(agency.id));
    for (const lead of leads) {
      await data.users.insert(lead, { at: testNow, username: lead.id, grantedBy: officer.id });
    }
    await data.models.insert(acmeModel, testNow);
    return { users, leads };
  });
}
