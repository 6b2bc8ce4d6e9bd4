import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  submissionStates,
  windowHardCapDays,
  type SubmissionState,
} from '../../src/programme/index.js';
import { parseAppOptions } from '../../src/server/app-options.js';
import { developerCompartment } from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { closeExpiredWindows } from '../../src/server/jobs/close-expired-windows.js';
import { describeEachBackend } from '../support/store-backends.js';
import { at, text } from './support/json-path.js';
import { advanceTo } from './support/lifecycle.js';
import { storeSnapshot } from './support/store-snapshot.js';
import { openTestService, type TestService, type TestUser } from './support/test-service.js';

interface Developer {
  readonly admin: TestUser;
  /** A member with no clearance, compartment, grant or accepted agreement at all. */
  readonly bareMember: TestUser;
}

async function developer(service: TestService, id: string): Promise<Developer> {
  const org = await service.developer(id);
  const admin = await service.user({
    role: 'developer_admin',
    organisationId: org,
    clearance: 'CUI',
    compartments: [developerCompartment(org)],
    grants: [`compartment:${developerCompartment(org)}`],
  });
  const bareMember = await service.user({
    role: 'developer_member',
    organisationId: org,
    agreement: false,
  });
  return { admin, bareMember };
}

async function submissionIn(
  service: TestService,
  admin: TestUser,
  state: SubmissionState,
): Promise<string> {
  const created = await admin.client.post('/api/submissions', {
    model: { name: `Model in ${state}` },
  });
  const id = text(created, 'submission.id');
  const granted = await admin.client.put(`/api/submissions/${id}/access-grant`, {
    model: 'openai/frontier',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: `secret-key-for-${id}`,
  });
  expect(granted.status, granted.text).toBe(200);
  await advanceTo(service, id, state);
  return id;
}

describeEachBackend('product rules through the API', (backend) => {
  it('records a release from every state, by any of the developer’s staff, even with nothing cleared and the rate limit spent', async () => {
    const service = await openTestService(backend, {
      rateLimit: { capacity: 30, refillPerSecond: 0.001 },
    });
    const { admin, bareMember } = await developer(service, 'org.release');
    const submissions = new Map<SubmissionState, string>();
    for (const state of submissionStates)
      submissions.set(state, await submissionIn(service, admin, state));
    // The member spends its whole rate limit on something else first.
    for (let request = 0; request < 30; request += 1)
      await bareMember.client.get('/api/programme/status');
    for (const state of submissionStates) {
      const id = submissions.get(state) ?? '';
      expect((await bareMember.client.get('/api/programme/status')).status).toBe(429);
      const released = await bareMember.client.post(`/api/submissions/${id}/release`, {});
      expect(released.status, `${state}: ${released.text}`).toBe(200);
      expect(at(released, 'submission.releasedAt')).toBeDefined();
      if (state === 'window_open') {
        expect(at(released, 'stateNow')).toBe('window_closed');
        expect(at(released, 'countdown.open')).toBe(false);
        expect(at(released, 'countdown.reason')).toBe('release');
      } else {
        expect(at(released, 'stateNow')).toBe(state);
      }
      // Twice is fine too: a release is a fact, recording it again harms nothing.
      expect((await bareMember.client.post(`/api/submissions/${id}/release`, {})).status).toBe(200);
    }
  }, 120_000);

  it('accepts a withdrawal from every state and purges the credential in the same step', async () => {
    const service = await openTestService(backend);
    const { admin } = await developer(service, 'org.withdraw');
    for (const state of submissionStates) {
      const id = await submissionIn(service, admin, state);
      const withdrawn = await admin.client.post(`/api/submissions/${id}/withdraw`, {
        reason: 'changed our mind',
      });
      expect(withdrawn.status, `${state}: ${withdrawn.text}`).toBe(200);
      expect(at(withdrawn, 'stateNow')).toBe('withdrawn');
      expect(at(withdrawn, 'credential')).toBeUndefined();
      expect(at(withdrawn, 'credentialPurgedAt')).toBeDefined();
      const row = await service.store.db
        .selectFrom('sealed_values')
        .selectAll()
        .where('kind', '=', 'access-grant-credential')
        .where('object_id', 'in', (db) =>
          db.selectFrom('access_grants').select('id').where('submission_id', '=', id),
        )
        .executeTakeFirstOrThrow();
      expect(row.purged_at).not.toBeNull();
      expect(row.ciphertext).toBeNull();
      expect(row.wrapped_key).toBeNull();
      expect(await storeSnapshot(service.store)).not.toContain(`secret-key-for-${id}`);
      // A new credential cannot be stored for a withdrawn submission.
      const regrant = await admin.client.put(`/api/submissions/${id}/access-grant`, {
        model: 'openai/x',
        apiKey: 'k',
      });
      expect(regrant.status).toBe(409);
    }
  }, 120_000);

  it('never opens a window longer than 30 days, whatever is asked or configured', async () => {
    const service = await openTestService(backend);
    const { admin } = await developer(service, 'org.window');
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
      clearance: 'TOP_SECRET',
      compartments: [developerCompartment('org.window')],
      grants: ['compartment:DEV-WINDOW'],
    });
    const id = await submissionIn(service, admin, 'designated');
    const tooLong = await coordinator.client.post(`/api/submissions/${id}/window`, { capDays: 31 });
    expect(tooLong.status).toBe(400);
    expect(at(tooLong, 'errors.0.field')).toBe('body.capDays');
    expect(String(at(tooLong, 'errors.0.problem'))).toContain('30-day hard cap');
    expect(() => parseAppOptions({ windowCapDays: 90 })).toThrow(/exceeds the 30-day hard cap/);

    const opened = await coordinator.client.post(`/api/submissions/${id}/window`, {});
    expect(opened.status, opened.text).toBe(200);
    const remaining = Number(at(opened, 'countdown.remainingMs'));
    expect(remaining).toBe(windowHardCapDays * 86_400_000);
    expect(at(opened, 'countdown.reason')).toBe('cap');
    // A later declared release date can never extend it; an earlier one shortens it.
    const far = new Date(service.clock.now().getTime() + 90 * 86_400_000).toISOString();
    const declared = await admin.client.post(`/api/submissions/${id}/release-date`, {
      declaredReleaseAt: far,
    });
    expect(Number(at(declared, 'countdown.remainingMs'))).toBe(windowHardCapDays * 86_400_000);
    const soon = new Date(service.clock.now().getTime() + 5 * 86_400_000).toISOString();
    const sooner = await admin.client.post(`/api/submissions/${id}/release-date`, {
      declaredReleaseAt: soon,
    });
    expect(at(sooner, 'countdown.reason')).toBe('declared_release');
    expect(Number(at(sooner, 'countdown.remainingMs'))).toBe(5 * 86_400_000);
    // After 30 days, the window is closed even before anyone records it.
    service.clock.advance(31 * 86_400_000);
    const reader = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
      clearance: 'TOP_SECRET',
      compartments: [developerCompartment('org.window')],
      grants: ['compartment:DEV-WINDOW'],
    });
    const later = await reader.client.get(`/api/submissions/${id}/countdown`);
    expect(at(later, 'countdown.open')).toBe(false);
    expect(at(later, 'countdown.remainingMs')).toBe(0);
  });

  it('closes a window that reached its end and purges its credential, without anyone asking', async () => {
    const service = await openTestService(backend);
    const { admin } = await developer(service, 'org.expiry');
    const id = await submissionIn(service, admin, 'window_open');
    const worker = { userId: 'user.worker-sweep', source: 'test', requestId: 'test' };
    expect(await closeExpiredWindows(service, worker)).toEqual([]); // not yet
    service.clock.advance(windowHardCapDays * 86_400_000);
    expect(await closeExpiredWindows(service, worker)).toEqual([id]);
    const record = await service.data.submissions.get(id);
    expect(record?.submission.state).toBe('window_closed');
    const credential = await service.store.db
      .selectFrom('sealed_values')
      .select(['purged_at', 'ciphertext'])
      .where('kind', '=', 'access-grant-credential')
      .where('object_id', 'in', (db) =>
        db.selectFrom('access_grants').select('id').where('submission_id', '=', id),
      )
      .executeTakeFirstOrThrow();
    expect(credential.purged_at).not.toBeNull();
    expect(credential.ciphertext).toBeNull();
    expect(await closeExpiredWindows(service, worker)).toEqual([]); // once is enough
  });

  it('keeps every countdown within 30 days for any cap asked and any release date declared', async () => {
    const service = await openTestService(backend);
    const { admin } = await developer(service, 'org.property');
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
      clearance: 'TOP_SECRET',
      compartments: ['DEV-PROPERTY'],
      grants: ['compartment:DEV-PROPERTY'],
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: -5, max: 400 }),
        fc.option(fc.integer({ min: -10, max: 400 }), { nil: undefined }),
        async (capDays, releaseInDays) => {
          const id = await submissionIn(service, admin, 'designated');
          if (releaseInDays !== undefined) {
            const declaredReleaseAt = new Date(
              service.clock.now().getTime() + releaseInDays * 86_400_000,
            ).toISOString();
            await admin.client.post(`/api/submissions/${id}/release-date`, { declaredReleaseAt });
          }
          const opened = await coordinator.client.post(`/api/submissions/${id}/window`, {
            capDays,
          });
          if (capDays < 1 || capDays > 30) {
            expect(opened.status).toBe(400);
            return;
          }
          expect(opened.status, opened.text).toBe(200);
          const remaining = Number(at(opened, 'countdown.remainingMs'));
          expect(remaining).toBeLessThanOrEqual(Math.min(capDays, windowHardCapDays) * 86_400_000);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('shows the developer only the sanitised determination: no thresholds, rules or metrics anywhere', async () => {
    const service = await openTestService(backend);
    const { admin } = await developer(service, 'org.sealed');
    const id = await submissionIn(service, admin, 'qualifying');
    const record = await service.data.submissions.get(id);
    const criteriaId = 'criteria-sealed-test';
    // The version is drafted by a coordinator and signed by a lead of each required agency.
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
    });
    const signers = ['agency.treasury', 'agency.war-nsa', 'agency.cisa'];
    const leads = [];
    for (const agencyId of signers) {
      leads.push(await service.user({ role: 'agency_lead', organisationId: agencyId }));
    }
    await service.data.criteria.draft(
      {
        id: criteriaId,
        version: 1,
        title: 'Sealed criteria',
        declarations: { metrics: ['cyber.knowledge.accuracy'], facts: {} },
        tiers: {
          alert: [],
          designate: [
            { id: 'secret-threshold', expression: 'lower(cyber.knowledge.accuracy) >= 0.4321' },
          ],
        },
        marking: {
          level: 'SECRET',
          compartments: ['CRITERIA'],
          controls: ['SEALED'],
          ownerId: programmeOffice.id,
        },
        draftedBy: coordinator.account.user.id,
        draftedAt: service.clock.now().toISOString(),
        signatures: leads.map((lead) => ({
          agencyId: lead.account.user.organisationId,
          signerId: lead.account.user.id,
          signedAt: service.clock.now().toISOString(),
        })),
      },
      service.sealed,
    );
    await service.data.runs.insert({
      run: {
        id: 'run-sealed-test',
        modelId: record!.submission.modelId,
        submissionId: id,
        suite: 'cyber.knowledge',
        logPath: 'none.jsonl',
        status: 'succeeded',
        metrics: { 'cyber.knowledge.accuracy': { value: 0.8765, lower: 0.7654, upper: 0.9123 } },
        queuedAt: service.clock.now().toISOString(),
      },
      requestedBy: coordinator.account.user.id,
      requestedByRole: 'coordinator',
    });
    const adjudicator = await service.user({
      role: 'adjudicator',
      organisationId: programmeOffice.id,
      clearance: 'TOP_SECRET',
      compartments: ['CRITERIA', 'DEV-SEALED', `SUB-${id.slice(4, 12).toUpperCase()}`],
      grants: ['compartment:DEV-SEALED', 'compartment:CRITERIA'],
    });
    const recorded = await adjudicator.client.post('/api/determinations', {
      submissionId: id,
      facts: {},
    });
    expect(recorded.status, recorded.text).toBe(201);
    expect(at(recorded, 'release.status')).toBe('designated');
    expect(at(recorded, 'appliedToSubmission')).toBe(true);
    const determinationId = text(recorded, 'determination.id');

    const seen = [
      await admin.client.get(`/api/submissions/${id}/determination`),
      await admin.client.get(`/api/determinations/${determinationId}/release`),
      await admin.client.get(`/api/submissions/${id}`),
      await admin.client.get(`/api/submissions/${id}/events`),
      await admin.client.get('/api/criteria'),
      await admin.client.get('/api/programme/status'),
    ];
    expect(seen[0]?.status).toBe(200);
    expect(at(seen[0]!, 'status')).toBe('designated');
    expect(String(at(seen[0]!, 'statement'))).toContain('information, not permission');
    for (const response of seen) {
      for (const leak of [
        '0.4321',
        'secret-threshold',
        'lower(',
        '0.8765',
        '0.7654',
        'cyber.knowledge.accuracy',
        'alert',
      ]) {
        expect(response.text, `${response.text.slice(0, 80)} shows ${leak}`).not.toContain(leak);
      }
    }
    expect((await admin.client.get(`/api/determinations/${determinationId}`)).status).toBe(403);
    expect((await admin.client.get(`/api/criteria/${criteriaId}`)).status).toBe(403);
    expect((await admin.client.get(`/api/submissions/${id}/runs`)).status).toBe(403);
  });
});
