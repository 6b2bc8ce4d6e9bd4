import type { Hono } from 'hono';
import { openAuditTrail, type AuditTrail } from '../../../src/audit/audit-trail.js';
import { generateAuditSigningKey } from '../../../src/audit/audit-signing-key.js';
import type { ClearanceLevel, NeedToKnowGrant, Role } from '../../../src/programme/index.js';
import { createInProcessQueue } from '../../../src/queue/in-process-queue.js';
import type { JobQueue } from '../../../src/queue/job-queue.js';
import { generateKek } from '../../../src/sealed/key-encryption-key.js';
import { openSealedData } from '../../../src/sealed/open-sealed-data.js';
import type { SealedData } from '../../../src/sealed/sealed-data.js';
import { createAccount } from '../../../src/server/accounts.js';
import type { AppOptionsInput } from '../../../src/server/app-options.js';
import { hashPassword } from '../../../src/server/auth/password-hash.js';
import { generateTotpSecret, totpCode } from '../../../src/server/auth/totp.js';
import { accessAgreementId } from '../../../src/server/authorization/load-subject.js';
import { bootstrapProgramme } from '../../../src/server/bootstrap.js';
import type { AppEnv } from '../../../src/server/context.js';
import { createApp } from '../../../src/server/create-app.js';
import { programmeData, type ProgrammeData } from '../../../src/server/data/programme-data.js';
import type { Account } from '../../../src/server/data/records.js';
import { newId } from '../../../src/server/routes/shared/new-id.js';
import type { Store } from '../../../src/store/store.js';
import type { BackendHarness } from '../../support/store-backends.js';
import { at } from './json-path.js';
import { TestClient } from './test-client.js';
import { testClock, type TestClock } from './test-clock.js';

/** Argon2id at its cheapest: the tests check the algorithm, not the cost. */
export const cheapHashCost = { memoryCost: 1024, timeCost: 1 };

/** A person the tests act as: the account, its password, its TOTP secret and a signed-in client. */
export interface TestUser {
  readonly account: Account;
  readonly password: string;
  readonly totpSecret: string;
  readonly client: TestClient;
}

export interface UserSpec {
  readonly role: Role;
  readonly organisationId: string;
  readonly clearance?: ClearanceLevel;
  readonly compartments?: readonly string[];
  /** Accept the current access agreement (default true). */
  readonly agreement?: boolean;
  /** Need-to-know grants to issue: submission ids or `compartment:NAME`. */
  readonly grants?: readonly string[];
  readonly username?: string;
}

export interface TestService {
  readonly app: Hono<AppEnv>;
  readonly store: Store;
  readonly audit: AuditTrail;
  readonly sealed: SealedData;
  readonly queue: JobQueue;
  readonly clock: TestClock;
  readonly data: ProgrammeData;
  /** An anonymous client. */
  client(): TestClient;
  /** Creates a set-up user (password chosen, TOTP enrolled) and signs it in. */
  user(spec: UserSpec): Promise<TestUser>;
  /** Creates a developer organisation. */
  developer(id: string, name?: string): Promise<string>;
  /** Issues a grant directly (as a security officer would). */
  grant(userId: string, scope: string, days?: number): Promise<NeedToKnowGrant>;
}

let counter = 0;

/** A full service over a fresh store of `backend`, with a clock the test controls. */
export async function openTestService(
  backend: BackendHarness,
  options: AppOptionsInput = {},
): Promise<TestService> {
  const store = await backend.open();
  const clock = testClock();
  const audit = await openAuditTrail(store, generateAuditSigningKey(), { now: () => clock.now() });
  const sealed = await openSealedData(store, generateKek(), { now: () => clock.now() });
  const queue = createInProcessQueue({ now: () => clock.now() });
  await bootstrapProgramme(store, audit, { now: clock.now(), passwordHashCost: cheapHashCost });
  const app = createApp({
    store,
    audit,
    sealed,
    queue,
    clock,
    options: {
      passwordHashCost: cheapHashCost,
      validateResponses: true,
      rateLimit: { capacity: 1_000_000, refillPerSecond: 1_000_000 },
      ...options,
    },
  });
  const data = programmeData(store.db);
  // The first security officer, made by the bootstrap, issues the tests' grants.
  const officerId = (await data.accounts.findByUsername('admin'))?.user.id ?? 'user-missing';

  const grant = async (userId: string, scope: string, days = 30): Promise<NeedToKnowGrant> => {
    const now = clock.now();
    const record: NeedToKnowGrant = {
      id: newId('grant'),
      userId,
      scope: scope.startsWith('compartment:')
        ? { kind: 'compartment', compartment: scope.slice('compartment:'.length) }
        : { kind: 'submission', submissionId: scope },
      validFrom: new Date(now.getTime() - 60_000).toISOString(),
      validUntil: new Date(now.getTime() + days * 86_400_000).toISOString(),
      issuedBy: officerId,
      issuedAt: now.toISOString(),
      reason: 'test grant',
    };
    await data.grants.insert(record);
    return record;
  };

  const user = async (spec: UserSpec): Promise<TestUser> => {
    counter += 1;
    const username = spec.username ?? `${spec.role.replaceAll('_', '-')}-${counter}`;
    const created = await createAccount(
      data,
      {
        username,
        displayName: `${spec.role} ${counter}`,
        role: spec.role,
        organisationId: spec.organisationId,
        clearance: spec.clearance ?? 'UNCLASSIFIED',
        compartments: spec.compartments ?? [],
      },
      { cost: cheapHashCost, now: clock.now().toISOString() },
    );
    const password = `correct horse battery ${counter}`;
    const totpSecret = generateTotpSecret();
    const passwordHash = await hashPassword(password, cheapHashCost);
    const account: Account = {
      ...created.account,
      passwordHash,
      mustChangePassword: false,
      totp: { status: 'enrolled' },
    };
    await data.accounts.setPassword(account.user.id, passwordHash, { oneTime: false });
    await data.accounts.setTotpSecret(account.user.id, totpSecret, sealed);
    await data.accounts.confirmTotp(account.user.id);
    if (spec.agreement !== false) {
      await data.acceptances.insert({
        userId: account.user.id,
        agreementId: accessAgreementId,
        version: 1,
        acceptedAt: clock.now().toISOString(),
      });
    }
    for (const scope of spec.grants ?? []) await grant(account.user.id, scope);
    const client = new TestClient(app);
    if (spec.role !== 'worker') {
      const response = await client.post('/api/auth/login', {
        username,
        password,
        totp: totpCode(totpSecret, clock.now().getTime()),
      });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.text}`);
      client.csrfToken = String(at(response, 'csrfToken'));
    }
    return { account, password, totpSecret, client };
  };

  return {
    app,
    store,
    audit,
    sealed,
    queue,
    clock,
    data,
    client: () => new TestClient(app),
    user,
    grant,
    developer: async (id, name = id) => {
      await data.organisations.insert({ id, kind: 'developer', name }, clock.now().toISOString());
      return id;
    },
  };
}
