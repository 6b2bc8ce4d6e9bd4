import { expect, it } from 'vitest';
import { describeEachBackend } from '../support/store-backends.js';
import { at, text } from './support/json-path.js';
import { openTestService } from './support/test-service.js';

describeEachBackend('service smoke', (backend) => {
  it('answers health, signs a developer in and creates a submission', async () => {
    const service = await openTestService(backend);
    const health = await service.client().get('/api/health');
    expect(health.status).toBe(200);
    expect(at(health, 'store')).toBe(backend.name);
    const org = await service.developer('org.acme', 'Acme AI');
    const admin = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: ['DEV-ACME'],
      grants: ['compartment:DEV-ACME'],
    });
    const created = await admin.client.post('/api/submissions', { model: { name: 'Frontier 1' } });
    expect(created.status, created.text).toBe(201);
    const id = text(created, 'submission.id');
    const read = await admin.client.get(`/api/submissions/${id}`);
    expect(read.status, read.text).toBe(200);
    expect(at(read, 'stateNow')).toBe('draft');
  });
});
