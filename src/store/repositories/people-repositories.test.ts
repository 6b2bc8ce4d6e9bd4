import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { hasAcceptedAgreement } from '../../programme/index.js';
import {
  acmeId,
  currentAgreement,
  makeUser,
  testNow,
} from '../../programme/testing/programme-fixtures.js';
import { generateKek } from '../../sealed/key-encryption-key.js';
import { openSealedData } from '../../sealed/open-sealed-data.js';
import type { SealedRead } from '../../sealed/sealed-read.js';
import { StoreQueryError } from '../errors/store-query-error.js';
import { UniqueViolationError } from '../errors/unique-violation-error.js';
import { seedProgramme } from '../testing/programme-seed.js';
import { repositories } from './repositories.js';

const later = '2026-07-01T13:00:00.000Z';

describeEachBackend('people repositories', (backend) => {
  it('store organisations of every kind and read them back as the domain has them', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { organisations } = repositories(store.db);
    expect(await organisations.get('agency.cisa')).toEqual({
      id: 'agency.cisa',
      kind: 'agency',
      name: 'Cybersecurity and Infrastructure Security Agency',
      shortName: 'CISA',
      criteriaRole: 'required_signatory',
    });
    expect(await organisations.get('partner.grid')).toEqual({
      id: 'partner.grid',
      kind: 'partner',
      name: 'Grid Operator',
      sector: 'energy',
    });
    expect((await organisations.list('developer')).map((organisation) => organisation.id)).toEqual([
      'dev.acme',
      'dev.other',
    ]);
    expect(await organisations.get('agency.none')).toBeUndefined();
    const duplicate = await rejection(() =>
      organisations.insert({ id: acmeId, kind: 'developer', name: 'Again' }, testNow),
    );
    expect(duplicate).toBeInstanceOf(UniqueViolationError);
  });

  it('store users with clearance and compartments, and change them', async () => {
    const store = await backend.open();
    const { users: seeded } = await seedProgramme(store);
    const { users } = repositories(store.db);
    expect(await users.get('user.agency_evaluator')).toEqual(seeded.agency_evaluator);
    expect((await users.listByOrganisation(acmeId)).map((user) => user.id)).toEqual([
      'user.developer_admin',
      'user.developer_member',
    ]);

    await users.setClearance('user.agency_evaluator', 'TOP_SECRET', 'user.security_officer', later);
    await users.revokeCompartment('user.agency_evaluator', 'DEV-ACME');
    expect(await users.get('user.agency_evaluator')).toMatchObject({
      clearance: 'TOP_SECRET',
      compartments: [],
    });
    const unknownCompartment = await rejection(() =>
      users.grantCompartment('user.agency_evaluator', 'SUB-NONE', 'user.security_officer', later),
    );
    expect(unknownCompartment).toBeInstanceOf(StoreQueryError);
    expect((unknownCompartment as StoreQueryError).sqlState).toBe('23503');
  });

  it('refuse a security officer clearing themselves, in the schema too', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const error = await rejection(() =>
      repositories(store.db).users.setClearance(
        'user.security_officer',
        'TOP_SECRET',
        'user.security_officer',
        later,
      ),
    );
    expect((error as StoreQueryError).constraint).toBe('clearances_not_self');
  });

  it('keep password hashes and a sealed TOTP secret whose reads are audited', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { users } = repositories(store.db);
    await users.setPassword('user.auditor', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', {
      oneTime: false,
    });
    await users.setTotpSecret('user.auditor', 'JBSWY3DPEHPK3PXP', sealed);
    expect(await users.credentials('user.auditor')).toMatchObject({ totpEnabled: false });
    expect(await users.confirmTotp('user.auditor', 10)).toBe(true);
    expect(await users.credentials('user.auditor')).toEqual({
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
      totpEnabled: true,
      disabled: false,
    });
    const reads: SealedRead[] = [];
    expect(
      await users.openTotpSecret('user.auditor', sealed, (read) =>
        Promise.resolve(void reads.push(read)),
      ),
    ).toBe('JBSWY3DPEHPK3PXP');
    expect(reads).toEqual([
      { ref: { kind: 'user-totp-secret', objectId: 'user.auditor' }, outcome: 'ok' },
    ]);
    expect(await users.disable('user.auditor', later)).toBe(true);
    expect(await users.credentials('user.auditor')).toMatchObject({ disabled: true });
  });

  it('leave no user behind when part of adding one fails', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { users } = repositories(store.db);
    const stranger = makeUser('agency_evaluator', {
      id: 'user.new',
      compartments: ['SUB-MISSING'],
    });
    expect(
      await rejection(() =>
        users.insert(stranger, {
          at: testNow,
          username: 'new-user',
          grantedBy: 'user.security_officer',
        }),
      ),
    ).toBeInstanceOf(StoreQueryError);
    expect(await users.get('user.new')).toBeUndefined();
  });

  it('keep a unique sign-in name, one-time passwords and the state of the authenticator', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { users } = repositories(store.db);
    const newcomer = makeUser('developer_admin', { id: 'user.new', compartments: ['DEV-ACME'] });
    await users.insert(newcomer, {
      at: testNow,
      username: 'new.admin',
      grantedBy: 'user.security_officer',
      passwordHash: '$argon2id$one-time',
      mustChangePassword: true,
    });
    const created = {
      user: newcomer,
      username: 'new.admin',
      passwordHash: '$argon2id$one-time',
      mustChangePassword: true,
      totp: { status: 'none' },
      createdAt: testNow,
    };
    expect(await users.account('user.new')).toEqual(created);
    expect(await users.accountByUsername('new.admin')).toEqual(created);
    expect(await users.accountByUsername('nobody')).toBeUndefined();
    expect((await users.accounts()).map((account) => account.username)).toContain('new.admin');

    const taken = await rejection(() =>
      users.insert(makeUser('auditor', { id: 'user.other' }), {
        at: testNow,
        username: 'new.admin',
      }),
    );
    expect(taken).toBeInstanceOf(UniqueViolationError);
    const badName = await rejection(() =>
      users.insert(makeUser('auditor', { id: 'user.other' }), {
        at: testNow,
        username: 'Bad Name',
      }),
    );
    expect((badName as StoreQueryError).constraint).toBe('users_username_format');
    const oneTimeWithoutPassword = await rejection(() =>
      users.insert(makeUser('auditor', { id: 'user.other' }), {
        at: testNow,
        username: 'other',
        mustChangePassword: true,
      }),
    );
    expect((oneTimeWithoutPassword as StoreQueryError).constraint).toBe(
      'users_one_time_password_is_a_password',
    );

    await users.setPassword('user.new', '$argon2id$chosen', { oneTime: false });
    expect(await users.account('user.new')).toMatchObject({
      passwordHash: '$argon2id$chosen',
      mustChangePassword: false,
    });

    // The authenticator: pending, confirmed once, each code's step accepted once, then reset.
    expect(await users.confirmTotp('user.new', 5)).toBe(false);
    await users.setTotpSecret('user.new', 'JBSWY3DPEHPK3PXP', sealed);
    expect((await users.account('user.new'))?.totp).toEqual({ status: 'pending' });
    expect(await users.acceptTotpStep('user.new', 6)).toBe(false);
    expect(await users.confirmTotp('user.new', 5)).toBe(true);
    expect(await users.confirmTotp('user.new', 6)).toBe(false);
    expect((await users.account('user.new'))?.totp).toEqual({ status: 'enrolled', lastStep: 5 });
    expect(await users.acceptTotpStep('user.new', 5)).toBe(false);
    const racing = await Promise.all([
      users.acceptTotpStep('user.new', 7),
      users.acceptTotpStep('user.new', 7),
    ]);
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect((await users.account('user.new'))?.totp).toEqual({ status: 'enrolled', lastStep: 7 });
    await users.resetTotp('user.new', 'device lost', sealed);
    expect((await users.account('user.new'))?.totp).toEqual({ status: 'none' });
    expect(
      await rejection(() => users.openTotpSecret('user.new', sealed, () => Promise.resolve())),
    ).toMatchObject({ code: 'purged' });
  });

  it("set a user's compartments to exactly those given, by whom and when", async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { users, compartments } = repositories(store.db);
    await compartments.create({
      name: 'CRITERIA',
      kind: 'programme',
      organisationId: 'agency.cisa',
      createdAt: testNow,
    });
    await users.setCompartments(
      'user.agency_evaluator',
      ['CRITERIA', 'DEV-ACME'],
      'user.security_officer',
      later,
    );
    expect((await users.get('user.agency_evaluator'))?.compartments).toEqual([
      'CRITERIA',
      'DEV-ACME',
    ]);
    await users.setCompartments(
      'user.agency_evaluator',
      ['CRITERIA'],
      'user.security_officer',
      later,
    );
    expect((await users.get('user.agency_evaluator'))?.compartments).toEqual(['CRITERIA']);
    await users.setCompartments('user.agency_evaluator', [], 'user.security_officer', later);
    expect((await users.get('user.agency_evaluator'))?.compartments).toEqual([]);
    const rows = await store.db
      .selectFrom('user_compartments')
      .selectAll()
      .where('user_id', '=', 'user.developer_admin')
      .execute();
    expect(rows.map((row) => row.granted_by)).toEqual(['user.security_officer']);
    const unknown = await rejection(() =>
      users.setCompartments('user.agency_evaluator', ['SUB-NONE'], 'user.security_officer', later),
    );
    expect((unknown as StoreQueryError).sqlState).toBe('23503');
    expect((await users.get('user.agency_evaluator'))?.compartments).toEqual([]);
  });

  it('find live sessions by token hash only, keep their stage, and end them', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { sessions } = repositories(store.db);
    const session = {
      idHash: 'h1',
      userId: 'user.auditor',
      stage: 'setup' as const,
      createdAt: testNow,
      expiresAt: '2026-07-01T20:00:00.000Z',
      source: '192.0.2.7',
    };
    await sessions.create(session);
    await sessions.create({ ...session, idHash: 'h2', stage: 'full', secondFactorAt: testNow });
    await sessions.create({ ...session, idHash: 'h3', stage: 'full', secondFactorAt: testNow });
    await sessions.markSecondFactor('h1', later);
    expect(await sessions.findLive('h1', later)).toEqual({
      ...session,
      lastSeenAt: testNow,
      secondFactorAt: later,
    });
    expect(await sessions.findLive('h2', later)).toMatchObject({
      stage: 'full',
      secondFactorAt: testNow,
    });
    await sessions.touch('h2', later);
    expect((await sessions.findLive('h2', later))?.lastSeenAt).toBe(later);
    expect(await sessions.findLive('h1', '2026-07-01T20:00:00.000Z')).toBeUndefined();
    expect(await sessions.revoke('h1', later)).toBe(true);
    expect(await sessions.revoke('h1', later)).toBe(false);
    expect(await sessions.findLive('h1', later)).toBeUndefined();
    expect(await sessions.revokeAllOf('user.auditor', later, { except: 'h3' })).toBe(1);
    expect(await sessions.findLive('h2', later)).toBeUndefined();
    expect(await sessions.findLive('h3', later)).toBeDefined();
    expect(await sessions.revokeAllOf('user.auditor', later)).toBe(1);
    expect(await sessions.findLive('h3', later)).toBeUndefined();
    const badStage = await rejection(() =>
      sql`update sessions set stage = 'admin' where id_hash = 'h3'`.execute(store.db),
    );
    expect((badStage as StoreQueryError).constraint).toBe('sessions_stage_check');
  });

  it('prune only sessions that ended before the cutoff', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { sessions } = repositories(store.db);
    const createdAt = '2026-07-01T10:00:00.000Z';
    const base = { userId: 'user.auditor', stage: 'full' as const, createdAt, source: 'x' };
    await sessions.create({ ...base, idHash: 'live', expiresAt: '2026-07-03T00:00:00.000Z' });
    await sessions.create({ ...base, idHash: 'expired', expiresAt: '2026-07-01T12:00:00.000Z' });
    await sessions.create({ ...base, idHash: 'revoked', expiresAt: '2026-07-03T00:00:00.000Z' });
    await sessions.create({
      ...base,
      idHash: 'just-revoked',
      expiresAt: '2026-07-03T00:00:00.000Z',
    });
    await sessions.revoke('revoked', '2026-07-01T11:00:00.000Z');
    await sessions.revoke('just-revoked', '2026-07-01T13:00:00.000Z');
    expect(await sessions.pruneEnded('2026-07-01T12:30:00.000Z')).toBe(2);
    const left = await store.db
      .selectFrom('sessions')
      .select('id_hash')
      .orderBy('id_hash')
      .execute();
    expect(left.map((row) => row.id_hash)).toEqual(['just-revoked', 'live']);
    expect(await sessions.findLive('live', '2026-07-01T12:30:00.000Z')).toBeDefined();
  });

  it('keep API tokens hashed, scoped and expiring', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { apiTokens } = repositories(store.db);
    const token = {
      id: 'token.1',
      userId: 'user.worker',
      name: 'battery runner',
      tokenHash: 'sha256:abc',
      scopes: ['runs:write', 'models:read'],
      createdAt: testNow,
      expiresAt: '2026-08-01T00:00:00.000Z',
    };
    await apiTokens.create(token);
    expect(await apiTokens.get('token.1')).toEqual(token);
    expect(await apiTokens.get('token.none')).toBeUndefined();
    expect(await apiTokens.findLive('sha256:abc', later)).toEqual(token);
    expect(await apiTokens.findLive('sha256:abc', '2026-08-01T00:00:00.000Z')).toBeUndefined();
    expect(await rejection(() => apiTokens.create({ ...token, id: 'token.2' }))).toBeInstanceOf(
      UniqueViolationError,
    );
    expect(
      await rejection(() =>
        apiTokens.create({ ...token, id: 'token.3', tokenHash: 'sha256:def', scopes: [] }),
      ),
    ).toBeInstanceOf(StoreQueryError);
    await apiTokens.touch('token.1', later);
    expect(await apiTokens.revoke('token.1', later)).toBe(true);
    expect(await apiTokens.findLive('sha256:abc', later)).toBeUndefined();
    expect(await apiTokens.listOf('user.worker')).toEqual([
      { ...token, lastUsedAt: later, revokedAt: later },
    ]);
    expect(await apiTokens.get('token.1')).toEqual({
      ...token,
      lastUsedAt: later,
      revokedAt: later,
    });
  });

  it('keep agreement versions and acceptances, so a new version must be accepted again', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { agreements } = repositories(store.db);
    await agreements.publish({
      ...currentAgreement,
      version: 1,
      publishedAt: '2026-06-01T00:00:00.000Z',
    });
    await agreements.publish(currentAgreement);
    await agreements.accept({
      userId: 'user.agency_evaluator',
      agreementId: currentAgreement.id,
      version: 1,
      acceptedAt: testNow,
    });
    const current = await agreements.current(currentAgreement.id);
    expect(current).toEqual(currentAgreement);
    const accepted = await agreements.acceptancesOf('user.agency_evaluator');
    expect(hasAcceptedAgreement(accepted, 'user.agency_evaluator', currentAgreement)).toBe(false);
    await agreements.accept({
      userId: 'user.agency_evaluator',
      agreementId: currentAgreement.id,
      version: 2,
      acceptedAt: later,
    });
    expect(
      hasAcceptedAgreement(
        await agreements.acceptancesOf('user.agency_evaluator'),
        'user.agency_evaluator',
        currentAgreement,
      ),
    ).toBe(true);
  });
});
