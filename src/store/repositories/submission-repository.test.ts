import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import {
  acmeId,
  acmeMarking,
  acmeModel,
  eventFactory,
  otherDeveloperId,
  testNow,
} from '../../programme/testing/programme-fixtures.js';
import { generateKek } from '../../sealed/key-encryption-key.js';
import { openSealedData } from '../../sealed/open-sealed-data.js';
import { InputError } from '../../core/errors/input-error.js';
import { AppendOnlyError } from '../errors/append-only-error.js';
import { StoreQueryError } from '../errors/store-query-error.js';
import { seedProgramme } from '../testing/programme-seed.js';
import { repositories } from './repositories.js';

describeEachBackend('submission repository', (backend) => {
  it('records a lifecycle as events and folds them into the submission', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { submissions } = repositories(store.db);
    const event = eventFactory('sub.1');
    const events = [
      event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      event('submission-submitted', {}),
      event('qualification-started', {}),
      event('designation-recorded', { determinationId: 'det.1', designated: true }),
      event('window-opened', { capDays: 30 }),
      event('release-recorded', { releasedAt: '2026-06-20T00:00:00.000Z' }),
    ];
    for (const each of events) {
      expect((await submissions.record(each, testNow, { marking: acmeMarking() })).ok).toBe(true);
    }

    expect(await submissions.events('sub.1')).toEqual(events);
    const submission = await submissions.get('sub.1');
    expect(submission).toMatchObject({
      id: 'sub.1',
      state: 'window_closed',
      eventCount: 6,
      releasedAt: '2026-06-20T00:00:00.000Z',
    });
    expect(await submissions.listOf(acmeId)).toEqual([
      {
        id: 'sub.1',
        developerOrganisationId: acmeId,
        modelId: acmeModel.id,
        state: 'window_closed',
        eventCount: 6,
        draftedAt: events[0]!.at,
        lastEventAt: events[5]!.at,
      },
    ]);
  });

  it('writes nothing for an event the lifecycle refuses, and says why', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { submissions } = repositories(store.db);
    const event = eventFactory('sub.1');
    await submissions.record(
      event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      testNow,
      { marking: acmeMarking() },
    );
    const refused = await submissions.record(event('window-opened', { capDays: 30 }), testNow);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('not_allowed_in_state');
    expect(await submissions.events('sub.1')).toHaveLength(1);
    const orphan = await submissions.record(
      eventFactory('sub.2')('submission-submitted', {}),
      testNow,
    );
    expect(orphan.ok).toBe(false);
    expect(await submissions.get('sub.2')).toBeUndefined();
  });

  it('withdraws and purges the access credential in one transaction', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const event = eventFactory('sub.1');
    const { submissions, accessGrants } = repositories(store.db);
    for (const each of [
      event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      event('submission-submitted', {}),
    ]) {
      await submissions.record(each, testNow, { marking: acmeMarking() });
    }
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

    const withdrawn = await store.transaction(async (tx) => {
      const data = repositories(tx);
      const applied = await data.submissions.record(event('submission-withdrawn', {}), testNow);
      if (!applied.ok) throw applied.error;
      for (const effect of applied.value.effects) {
        if (effect.kind === 'purge_access_credential') {
          await data.accessGrants.revokeAll(
            effect.submissionId,
            'submission withdrawn',
            testNow,
            sealed,
          );
        }
      }
      return applied.value;
    });
    expect(withdrawn.submission.state).toBe('withdrawn');
    expect(withdrawn.effects.map((effect) => effect.kind)).toContain('purge_access_credential');
    expect(
      await rejection(() =>
        accessGrants.openCredential('access.1', sealed, () => Promise.resolve()),
      ),
    ).toMatchObject({ code: 'purged' });
  });

  it('applies events racing on one submission one after another', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const event = eventFactory('sub.1');
    await repositories(store.db).submissions.record(
      event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      testNow,
      { marking: acmeMarking() },
    );
    const peers = await backend.peers(store, 3);
    const declared = Array.from({ length: 9 }, (_, index) =>
      event('release-date-declared', {
        declaredReleaseAt: `2026-08-${String(index + 10)}T00:00:00.000Z`,
      }),
    );
    const results = await Promise.all(
      declared.map((each, index) =>
        repositories(peers[index % peers.length]!.db).submissions.record(each, testNow),
      ),
    );
    const accepted = results.filter((result) => result.ok).length;
    const stored = await repositories(store.db).submissions.events('sub.1');
    expect(stored).toHaveLength(1 + accepted);
    expect((await repositories(store.db).submissions.get('sub.1'))?.eventCount).toBe(1 + accepted);
  });

  it('refuses, in the schema too, an event that opens a window for more than 30 days', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const event = eventFactory('sub.1');
    const { submissions } = repositories(store.db);
    for (const each of [
      event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      event('submission-submitted', {}),
      event('qualification-started', {}),
      event('designation-recorded', { determinationId: 'det.1', designated: true }),
    ]) {
      await submissions.record(each, testNow, { marking: acmeMarking() });
    }
    // Written behind the domain's back, as a bug or a hand edit would.
    const opened = (capDays: unknown, seq: number) =>
      sql`insert into submission_events (submission_id, seq, type, actor_id, at, body, recorded_at)
        values ('sub.1', ${seq}, 'window-opened', 'user.actor', now(),
          ${JSON.stringify({ ...event('window-opened', { capDays: 30 }), capDays })}::jsonb, now())`.execute(
        store.db,
      );
    for (const capDays of [31, 90, 0, '30', null]) {
      const refused = await rejection(() => opened(capDays, 5));
      expect(refused, String(capDays)).toBeInstanceOf(StoreQueryError);
      expect((refused as StoreQueryError).constraint).toBe('submission_events_window_cap');
    }
    await opened(30, 5);
    expect((await submissions.events('sub.1')).at(-1)).toMatchObject({ capDays: 30 });
  });

  it('refuses changing stored events, and says when stored events no longer replay', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const event = eventFactory('sub.1');
    const { submissions } = repositories(store.db);
    await submissions.record(
      event('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      testNow,
      { marking: acmeMarking() },
    );
    await submissions.record(event('submission-submitted', {}), testNow);
    const change = await rejection(() =>
      sql`update submission_events set actor_id = 'someone'`.execute(store.db),
    );
    expect(change).toBeInstanceOf(AppendOnlyError);
    await store.transaction(async (tx) => {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`update submission_events set body = jsonb_set(body, '{type}', '"window-opened"') where seq = 2`.execute(
        tx,
      );
    });
    const broken = await rejection(() => submissions.get('sub.1'));
    expect(broken).toBeInstanceOf(StoreQueryError);
    expect((broken as StoreQueryError).message).toMatch(
      /the stored events of submission sub\.1 do not replay|stored event 2 of submission sub\.1/,
    );
  });

  it('keeps each submission with its marking, lists them with one read of the events, and changes the marking only when asked', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { submissions, models } = repositories(store.db);
    await models.insert(
      { ...acmeModel, id: 'model.other', developerOrganisationId: otherDeveloperId },
      testNow,
    );
    const acme = eventFactory('sub.1');
    const other = eventFactory('sub.2', '2026-06-16T00:00:00.000Z');
    const otherMarking = acmeMarking({ compartments: ['DEV-OTHER'], ownerId: otherDeveloperId });
    await submissions.record(
      acme('submission-drafted', { developerOrganisationId: acmeId, modelId: acmeModel.id }),
      testNow,
      { marking: acmeMarking() },
    );
    await submissions.record(acme('submission-submitted', {}), testNow);
    await submissions.record(
      other('submission-drafted', {
        developerOrganisationId: otherDeveloperId,
        modelId: 'model.other',
      }),
      testNow,
      { marking: otherMarking },
    );

    expect(await submissions.getMarked('sub.1')).toEqual({
      submission: await submissions.get('sub.1'),
      marking: acmeMarking(),
    });
    expect(await submissions.getMarked('sub.none')).toBeUndefined();
    const all = await submissions.listMarked();
    expect(
      all.map((each) => [each.submission.id, each.submission.state, each.marking.ownerId]),
    ).toEqual([
      ['sub.1', 'submitted', acmeId],
      ['sub.2', 'draft', otherDeveloperId],
    ]);
    expect(
      (await submissions.listMarked(otherDeveloperId)).map((each) => each.submission.id),
    ).toEqual(['sub.2']);
    expect(await submissions.listMarked('dev.nobody')).toEqual([]);

    const expiring = acmeMarking({ expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(await submissions.setMarking('sub.1', expiring)).toBe(true);
    expect(await submissions.setMarking('sub.none', expiring)).toBe(false);
    expect((await submissions.getMarked('sub.1'))?.marking).toEqual(expiring);
    // A later event leaves the marking as it is.
    await submissions.record(acme('qualification-started', {}), testNow, { marking: otherMarking });
    expect((await submissions.getMarked('sub.1'))?.marking).toEqual(expiring);
  });

  it('refuses to create a submission without its marking, writing nothing', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { submissions } = repositories(store.db);
    const error = await rejection(() =>
      submissions.record(
        eventFactory('sub.1')('submission-drafted', {
          developerOrganisationId: acmeId,
          modelId: acmeModel.id,
        }),
        testNow,
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).describe()).toMatch(/without its marking.*pass the marking/);
    expect(await submissions.get('sub.1')).toBeUndefined();
    expect(await submissions.listMarked()).toEqual([]);
  });

  // The embedded store has one connection: a second transaction waits for the first anyway.
  it.runIf(backend.name === 'postgres')(
    'holds a locked submission until the transaction that locked it ends',
    async () => {
      const store = await backend.open();
      await seedProgramme(store);
      await repositories(store.db).submissions.record(
        eventFactory('sub.1')('submission-drafted', {
          developerOrganisationId: acmeId,
          modelId: acmeModel.id,
        }),
        testNow,
        { marking: acmeMarking() },
      );
      const [, peer] = await backend.peers(store, 2);
      const order: string[] = [];
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const locker = store.transaction(async (tx) => {
        await repositories(tx).submissions.getMarked('sub.1', { lock: true });
        order.push('locked');
        await held;
        order.push('released');
      });
      while (order.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const waiting = peer!.transaction(async (tx) => {
        await repositories(tx).submissions.getMarked('sub.1', { lock: true });
        order.push('second');
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await Promise.all([locker, waiting]);
      expect(order).toEqual(['locked', 'released', 'second']);
    },
  );
});
