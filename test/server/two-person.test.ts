import { expect, it } from 'vitest';
import {
  developerCompartment,
  submissionCompartment,
} from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { describeEachBackend } from '../support/store-backends.js';
import { at, text } from './support/json-path.js';
import { advanceTo } from './support/lifecycle.js';
import { openTestService } from './support/test-service.js';

describeEachBackend('two-person approvals', (backend) => {
  let grantOf: (submissionId: string) => Promise<string>;
  it('lets a sensitive action happen once, after someone else approved exactly it', async () => {
    const service = await openTestService(backend);
    grantOf = async (submissionId) =>
      (
        await service.store.db
          .selectFrom('access_grants')
          .select('id')
          .where('submission_id', '=', submissionId)
          .executeTakeFirstOrThrow()
      ).id;
    const org = await service.developer('org.two');
    const dev = developerCompartment(org);
    const developer = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [dev],
      grants: [`compartment:${dev}`],
    });
    const id = text(
      await developer.client.post('/api/submissions', { model: { name: 'Two' } }),
      'submission.id',
    );
    await developer.client.put(`/api/submissions/${id}/access-grant`, {
      model: 'openai/two',
      baseUrl: 'https://models.example/v1',
      apiKey: 'sk-two-person',
    });
    const compartments = [dev, submissionCompartment(id)];
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
      clearance: 'TOP_SECRET',
      compartments,
      grants: [`compartment:${dev}`],
    });
    const officer = await service.user({
      role: 'security_officer',
      organisationId: programmeOffice.id,
    });
    const unmask = () => coordinator.client.post(`/api/submissions/${id}/credential/unmask`);

    const before = await unmask();
    expect(before.status).toBe(403);
    expect(at(before, 'type')).toBe('/api/problems/approval-required');

    const asked = await coordinator.client.post('/api/approvals', {
      action: 'credential.unmask',
      objectId: `credential:${id}`,
      submissionId: id,
      reason: 'the endpoint misbehaves; check the URL and key',
    });
    expect(asked.status, asked.text).toBe(201);
    const approvalId = text(asked, 'id');
    expect((await unmask()).status).toBe(403); // pending is not approved

    // The requester cannot approve; a security officer can.
    expect(
      (await coordinator.client.post(`/api/approvals/${approvalId}/decide`, { approved: true }))
        .status,
    ).toBe(403);
    const approved = await officer.client.post(`/api/approvals/${approvalId}/decide`, {
      approved: true,
    });
    expect(approved.status, approved.text).toBe(200);
    expect(at(approved, 'status')).toBe('approved');

    const shown = await unmask();
    expect(shown.status, shown.text).toBe(200);
    expect(at(shown, 'credential')).toEqual({
      model: 'openai/two',
      baseUrl: 'https://models.example/v1',
      apiKey: 'sk-two-person',
    });
    const again = await unmask();
    expect(at(again, 'type')).toBe('/api/problems/approval-required');

    const trail = await service.store.db
      .selectFrom('audit_records')
      .select(['action', 'outcome', 'actor'])
      .where('object_id', '=', `access-grant-credential:${await grantOf(id)}`)
      .execute();
    expect(trail).toEqual([
      { action: 'sealed.read', outcome: 'ok', actor: coordinator.account.user.id },
    ]);

    // Lowering a marking needs approval of exactly that marking.
    const lower = { level: 'CUI', compartments: [dev], controls: ['REL-DEVELOPER'], ownerId: org };
    const askedLower = await coordinator.client.post('/api/approvals', {
      action: 'marking.lower',
      objectId: `marking:${id}`,
      submissionId: id,
      reason: 'the proprietary control was applied by mistake',
      from: {
        level: 'CUI',
        compartments: [dev],
        controls: ['PROPRIETARY', 'REL-DEVELOPER'],
        ownerId: org,
      },
      to: lower,
    });
    expect(askedLower.status, askedLower.text).toBe(201);
    await officer.client.post(`/api/approvals/${text(askedLower, 'id')}/decide`, {
      approved: true,
    });
    const other = await coordinator.client.post(`/api/submissions/${id}/marking/lower`, {
      to: { ...lower, controls: [] },
    });
    expect(at(other, 'type')).toBe('/api/problems/approval-required');
    const lowered = await coordinator.client.post(`/api/submissions/${id}/marking/lower`, {
      to: lower,
    });
    expect(lowered.status, lowered.text).toBe(200);
    expect(at(lowered, 'marking.controls')).toEqual(['REL-DEVELOPER']);

    // A withdrawal purges the credential: a later approved unmask finds it gone.
    await advanceTo(service, id, 'submitted');
    await developer.client.post(`/api/submissions/${id}/withdraw`);
    const askedAgain = await coordinator.client.post('/api/approvals', {
      action: 'credential.unmask',
      objectId: `credential:${id}`,
      submissionId: id,
      reason: 'check after withdrawal',
    });
    await officer.client.post(`/api/approvals/${text(askedAgain, 'id')}/decide`, {
      approved: true,
    });
    const gone = await unmask();
    expect(gone.status).toBe(410);
    expect(at(gone, 'type')).toBe('/api/problems/gone');
    const attempts = await service.store.db
      .selectFrom('audit_records')
      .select(['outcome', 'details'])
      .where('object_id', '=', `access-grant-credential:${await grantOf(id)}`)
      .where('action', '=', 'sealed.read')
      .orderBy('seq')
      .execute();
    expect(attempts.map((attempt) => attempt.outcome)).toEqual(['ok', 'failed']);
    expect(attempts[1]?.details).toContain('purged');
  });

  it('refuses a request for bulk export outright', async () => {
    const service = await openTestService(backend);
    const lead = await service.user({ role: 'agency_lead', organisationId: 'agency.cisa' });
    const asked = await lead.client.post('/api/approvals', {
      action: 'export.bulk',
      reason: 'everything',
    });
    expect(asked.status).toBe(403);
    expect(at(asked, 'type')).toBe('/api/problems/bulk-export-refused');
    const direct = await lead.client.get('/api/export');
    expect(at(direct, 'type')).toBe('/api/problems/bulk-export-refused');
  });
});
