import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { text } from '../../../test/server/support/json-path.js';
import { openTestService } from '../../../test/server/support/test-service.js';
import { StoreQueryError } from '../../store/errors/store-query-error.js';
import { UniqueViolationError } from '../../store/errors/unique-violation-error.js';
import { developerCompartment, submissionCompartment } from '../authorization/markings.js';
import { programmeOffice } from '../bootstrap.js';

describeEachBackend("the service's records in the store", (backend) => {
  it("keeps what the API records in the store's own tables, and no tables of its own", async () => {
    const service = await openTestService(backend);
    const org = await service.developer('org.rows', 'Rows AI');
    const admin = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [developerCompartment(org)],
      grants: [`compartment:${developerCompartment(org)}`],
      username: 'rows-admin',
    });
    const created = await admin.client.post('/api/submissions', { model: { name: 'Rows 1' } });
    const id = text(created, 'submission.id');
    await admin.client.post(`/api/submissions/${id}/submit`, {});
    await admin.client.put(`/api/submissions/${id}/access-grant`, {
      model: 'openai/rows',
      apiKey: 'sk-rows',
    });
    const { db } = service.store;

    expect(
      await db
        .selectFrom('users')
        .select(['username', 'must_change_password', 'totp_status'])
        .where('id', '=', admin.account.user.id)
        .executeTakeFirst(),
    ).toEqual({ username: 'rows-admin', must_change_password: false, totp_status: 'enrolled' });
    expect(
      await db
        .selectFrom('sessions')
        .select(['stage'])
        .where('user_id', '=', admin.account.user.id)
        .where('revoked_at', 'is', null)
        .execute(),
    ).toEqual([{ stage: 'full' }]);
    const submission = await db
      .selectFrom('submissions')
      .select(['state', 'event_count', 'marking'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ state: 'submitted', event_count: 2 });
    expect(submission.marking).toMatchObject({ compartments: [developerCompartment(org)] });
    expect(
      (await db.selectFrom('compartments').select('name').orderBy('name').execute()).map(
        (row) => row.name,
      ),
    ).toEqual(['BENCHMARKS', 'CRITERIA', developerCompartment(org), submissionCompartment(id)]);
    expect(
      await db
        .selectFrom('access_grants')
        .select(['model', 'granted_by', 'revoked_at'])
        .where('submission_id', '=', id)
        .execute(),
    ).toEqual([{ model: 'openai/rows', granted_by: admin.account.user.id, revoked_at: null }]);
    const own = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_name like 'server%'`.execute(db);
    expect(own.rows).toEqual([]);

    // Withdrawing revokes the grant and purges its key in the same step.
    await admin.client.post(`/api/submissions/${id}/withdraw`, {});
    const grant = await db
      .selectFrom('access_grants')
      .select(['id', 'revoked_at'])
      .where('submission_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(grant.revoked_at).not.toBeNull();
    const key = await db
      .selectFrom('sealed_values')
      .select(['ciphertext', 'purged_at'])
      .where('kind', '=', 'access-grant-credential')
      .where('object_id', '=', grant.id)
      .executeTakeFirstOrThrow();
    expect(key).toMatchObject({ ciphertext: null });
    expect(key.purged_at).not.toBeNull();
  });

  it('refuses in the schema what the service refuses in code, should the code let it through', async () => {
    const service = await openTestService(backend);
    const { data, clock } = service;
    const now = clock.now().toISOString();
    const officer = await service.user({
      role: 'security_officer',
      organisationId: programmeOffice.id,
    });
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
    });

    // Nobody grants their own clearance.
    const selfCleared = await rejection(() =>
      data.accounts.setClearance(
        officer.account.user.id,
        { level: 'TOP_SECRET', compartments: [] },
        officer.account.user.id,
        now,
      ),
    );
    expect((selfCleared as StoreQueryError).constraint).toBe('clearances_not_self');

    // A sign-in name is taken once.
    const taken = await rejection(() =>
      data.accounts.insert(
        { ...coordinator.account.user, id: 'user-second' },
        { at: now, username: coordinator.account.username },
      ),
    );
    expect(taken).toBeInstanceOf(UniqueViolationError);

    // The decider of an approval is never its requester.
    const approval = {
      id: 'approval-self',
      request: {
        action: 'transcripts.export' as const,
        objectId: 'transcripts:none',
        reason: 'check',
      },
      requesterId: coordinator.account.user.id,
      requesterRole: 'coordinator' as const,
      requestedAt: now,
      expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      status: 'pending' as const,
    };
    await data.approvals.insert(approval);
    const selfDecided = await rejection(() =>
      data.approvals.saveDecision({
        ...approval,
        status: 'approved',
        decision: {
          deciderId: coordinator.account.user.id,
          deciderRole: 'coordinator',
          decidedAt: now,
          approved: true,
        },
      }),
    );
    expect((selfDecided as StoreQueryError).sqlState).toBe('23514');

    // A need-to-know grant is never issued to its issuer.
    const selfGranted = await rejection(() =>
      data.grants.insert({
        id: 'grant-self',
        userId: officer.account.user.id,
        scope: { kind: 'compartment', compartment: 'CRITERIA' },
        validFrom: now,
        validUntil: new Date(clock.now().getTime() + 86_400_000).toISOString(),
        issuedBy: officer.account.user.id,
        issuedAt: now,
        reason: 'myself',
      }),
    );
    expect(selfGranted).toBeInstanceOf(StoreQueryError);
    expect(await data.grants.list(officer.account.user.id)).toEqual([]);
  });
});
