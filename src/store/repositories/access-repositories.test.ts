import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { inputError, rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { isGrantLive } from '../../programme/index.js';
import {
  acmeId,
  acmeMarking,
  acmeModel,
  eventFactory,
  submissionGrant,
  testNow,
} from '../../programme/testing/programme-fixtures.js';
import { SealedDataError } from '../../sealed/errors/sealed-data-error.js';
import { generateKek } from '../../sealed/key-encryption-key.js';
import { openSealedData } from '../../sealed/open-sealed-data.js';
import type { SealedRead } from '../../sealed/sealed-read.js';
import { StoreQueryError } from '../errors/store-query-error.js';
import { UniqueViolationError } from '../errors/unique-violation-error.js';
import type { Store } from '../store.js';
import { seedProgramme } from '../testing/programme-seed.js';
import { repositories } from './repositories.js';

const noAudit = (): Promise<void> => Promise.resolve();

async function withSubmission(store: Store): Promise<void> {
  await seedProgramme(store);
  const event = eventFactory('sub.1');
  const drafted = await repositories(store.db).submissions.record(
    event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
    testNow,
    { marking: acmeMarking() },
  );
  expect(drafted.ok).toBe(true);
}

describeEachBackend('access repositories', (backend) => {
  it('keep compartments per developer and per submission', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { compartments } = repositories(store.db);
    await compartments.create({
      name: 'SUB-0001',
      kind: 'submission',
      organisationId: acmeId,
      submissionId: 'sub.1',
      createdAt: testNow,
    });
    expect(await compartments.listOf(acmeId)).toEqual([
      { name: 'DEV-ACME', kind: 'developer', organisationId: acmeId, createdAt: testNow },
      {
        name: 'SUB-0001',
        kind: 'submission',
        organisationId: acmeId,
        submissionId: 'sub.1',
        createdAt: testNow,
      },
    ]);
    const unanchored = await rejection(() =>
      compartments.create({
        name: 'SUB-0002',
        kind: 'submission',
        organisationId: acmeId,
        createdAt: testNow,
      }),
    );
    expect(unanchored).toBeInstanceOf(StoreQueryError);
  });

  it('keep need-to-know grants as issued, and revoke them', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { needToKnowGrants } = repositories(store.db);
    const grant = submissionGrant('user.agency_evaluator', 'sub.1', {
      issuedBy: 'user.security_officer',
    });
    await needToKnowGrants.insert(grant);
    await needToKnowGrants.insert({
      ...grant,
      id: 'grant.compartment',
      scope: { kind: 'compartment', compartment: 'DEV-ACME' },
    });
    expect(await needToKnowGrants.get(grant.id)).toEqual(grant);
    expect(await needToKnowGrants.revoke(grant.id, testNow)).toBe(true);
    const stored = await needToKnowGrants.listOf('user.agency_evaluator');
    expect(stored.map((each) => [each.id, isGrantLive(each, testNow)])).toEqual(
      expect.arrayContaining([
        [grant.id, false],
        ['grant.compartment', isGrantLive(grant, testNow)],
      ]),
    );
    await needToKnowGrants.insert({
      ...grant,
      id: 'grant.admin',
      userId: 'user.developer_admin',
      scope: { kind: 'compartment', compartment: 'DEV-ACME' },
    });
    expect((await needToKnowGrants.list()).map((each) => [each.userId, each.id])).toEqual([
      ['user.agency_evaluator', 'grant.compartment'],
      ['user.agency_evaluator', grant.id],
      ['user.developer_admin', 'grant.admin'],
    ]);
  });

  it('refuse a grant the issuer gives themselves, or one that ends before it starts', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { needToKnowGrants } = repositories(store.db);
    const grant = submissionGrant('user.security_officer', 'sub.1');
    expect(await rejection(() => needToKnowGrants.insert(grant))).toBeInstanceOf(StoreQueryError);
    const backwards = submissionGrant('user.agency_evaluator', 'sub.1', {
      validUntil: grant.validFrom,
    });
    expect(await rejection(() => needToKnowGrants.insert(backwards))).toBeInstanceOf(
      StoreQueryError,
    );
  });

  it('hold the window cap at 30 days or fewer, in the schema as well', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { windowSettings } = repositories(store.db);
    expect(await windowSettings.get()).toEqual({ capDays: 30 });
    await windowSettings.set({ capDays: 21 }, 'user.coordinator', testNow);
    expect(await windowSettings.get()).toEqual({ capDays: 21 });
    const error = await inputError(() =>
      windowSettings.set({ capDays: 90 }, 'user.coordinator', testNow),
    );
    expect(error.message).toMatch(/exceeds the 30-day hard cap/);
    const direct = await rejection(() =>
      sql`update window_settings set cap_days = 90`.execute(store.db),
    );
    expect(direct).toBeInstanceOf(StoreQueryError);
    expect(await windowSettings.get()).toEqual({ capDays: 21 });
  });

  it('seal the access credential, audit its reads, and purge it when access is revoked', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const sealed = await openSealedData(store, generateKek());
    const { accessGrants } = repositories(store.db);
    const grant = {
      id: 'access.1',
      submissionId: 'sub.1',
      model: 'openai/acme-frontier',
      endpoint: 'https://models.acme.example/v1',
      grantedBy: 'user.developer_admin',
      grantedAt: testNow,
    };
    await accessGrants.create(grant, 'sk-acme-secret', sealed);
    const reads: SealedRead[] = [];
    expect(
      await accessGrants.openCredential('access.1', sealed, (read) =>
        Promise.resolve(void reads.push(read)),
      ),
    ).toBe('sk-acme-secret');
    expect(reads).toEqual([
      { ref: { kind: 'access-grant-credential', objectId: 'access.1' }, outcome: 'ok' },
    ]);

    expect(
      await accessGrants.revokeAll(
        'sub.1',
        'submission withdrawn',
        '2026-07-02T00:00:00.000Z',
        sealed,
      ),
    ).toBe(1);
    expect(await accessGrants.get('access.1')).toEqual({
      ...grant,
      revokedAt: '2026-07-02T00:00:00.000Z',
      revokeReason: 'submission withdrawn',
    });
    const purged = await rejection(() => accessGrants.openCredential('access.1', sealed, noAudit));
    expect(purged).toMatchObject({ code: 'purged' });
    expect(purged).toBeInstanceOf(SealedDataError);
    expect(await accessGrants.revokeAll('sub.1', 'again', testNow, sealed)).toBe(0);
  });

  it('keep one live grant per submission: a replacement revokes the old one and purges its key', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const sealed = await openSealedData(store, generateKek());
    const { accessGrants } = repositories(store.db);
    const first = {
      id: 'access.1',
      submissionId: 'sub.1',
      model: 'anthropic/acme-frontier',
      grantedBy: 'user.developer_admin',
      grantedAt: testNow,
    };
    await accessGrants.create(first, 'sk-first', sealed);
    expect(await accessGrants.latest('sub.1')).toEqual(first);
    // At the same moment, and sorting before the first by id: the live one still comes first.
    const second = { ...first, id: 'access.0' };
    const twoLive = await rejection(() => accessGrants.create(second, 'sk-second', sealed));
    expect(twoLive).toBeInstanceOf(UniqueViolationError);

    await store.transaction(async (tx) => {
      const data = repositories(tx);
      await data.accessGrants.revokeAll('sub.1', 'replaced', second.grantedAt, sealed);
      await data.accessGrants.create(second, 'sk-second', sealed);
    });
    expect(await accessGrants.latest('sub.1')).toEqual(second);
    expect((await accessGrants.listFor('sub.1')).map((grant) => grant.revokeReason)).toEqual([
      undefined,
      'replaced',
    ]);
    expect(
      await rejection(() => accessGrants.openCredential('access.1', sealed, noAudit)),
    ).toMatchObject({
      code: 'purged',
    });
    expect(await accessGrants.openCredential('access.0', sealed, noAudit)).toBe('sk-second');
    expect(await accessGrants.latest('sub.none')).toBeUndefined();
    expect(await accessGrants.latestOf(['sub.1', 'sub.none'])).toEqual(
      new Map([['sub.1', second]]),
    );
    expect(await accessGrants.latestOf([])).toEqual(new Map());
  });

  it('keep the credential when revoking fails part way', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const sealed = await openSealedData(store, generateKek());
    const { accessGrants } = repositories(store.db);
    await accessGrants.create(
      {
        id: 'access.1',
        submissionId: 'sub.1',
        model: 'openai/acme-frontier',
        endpoint: 'https://m.example',
        grantedBy: 'user.developer_admin',
        grantedAt: testNow,
      },
      'sk',
      sealed,
    );
    await rejection(() =>
      store.transaction(async (tx) => {
        await repositories(tx).accessGrants.revokeAll('sub.1', 'withdrawn', testNow, sealed);
        throw new Error('the withdrawal event was refused');
      }),
    );
    expect(await accessGrants.openCredential('access.1', sealed, noAudit)).toBe('sk');
    expect((await accessGrants.get('access.1'))?.revokedAt).toBeUndefined();
  });
});
