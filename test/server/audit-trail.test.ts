import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/commands/audit-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { developerCompartment } from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { openService } from '../../src/server/open-service.js';
import { servicePaths } from '../../src/server/service-paths.js';
import { openStore } from '../../src/store/open-store.js';
import { describeEachBackend } from '../support/store-backends.js';
import { useTempDir } from '../support/temp-dir.js';
import { at, text } from './support/json-path.js';
import { cheapHashCost, openTestService } from './support/test-service.js';

function captureIo(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (chunk: string) => (out += chunk) },
    stderr: { write: (chunk: string) => (err += chunk) },
    out: () => out,
    err: () => err,
  };
}

describeEachBackend('decisions in the audit trail', (backend) => {
  it('records who, what, when, where, the outcome and the marking of every decision, allowed or denied', async () => {
    const service = await openTestService(backend);
    const org = await service.developer('org.audited');
    const admin = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [developerCompartment(org)],
      grants: [`compartment:${developerCompartment(org)}`],
    });
    const created = await admin.client.post('/api/submissions', { model: { name: 'Audited' } });
    const id = text(created, 'submission.id');
    const outsider = await service.user({
      role: 'developer_admin',
      organisationId: await service.developer('org.outsider'),
    });
    expect((await outsider.client.get(`/api/submissions/${id}`)).status).toBe(403);
    expect((await admin.client.get(`/api/submissions/${id}`)).status).toBe(200);

    const auditor = await service.user({ role: 'auditor', organisationId: programmeOffice.id });
    const listed = await auditor.client.get(`/api/audit?objectId=${id}&limit=1000`);
    expect(listed.status).toBe(200);
    const records = at(listed, 'records') as {
      actor: string;
      action: string;
      source: string;
      outcome: string;
      at: string;
      objectMarking: { compartments: string[] } | null;
      details: Record<string, unknown>;
    }[];
    const denied = records.find(
      (record) => record.actor === outsider.account.user.id && record.action === 'submission.read',
    );
    const allowed = records.find(
      (record) => record.actor === admin.account.user.id && record.action === 'submission.read',
    );
    expect(denied).toMatchObject({ outcome: 'denied', source: 'in-process' });
    expect(denied?.details).toMatchObject({
      rule: 'submission.read/developer_admin/own_organisation',
      request: `GET /api/submissions/${id}`,
    });
    expect(denied?.objectMarking?.compartments).toEqual([developerCompartment(org)]);
    expect(allowed).toMatchObject({ outcome: 'allowed' });
    expect(Date.parse(allowed?.at ?? '')).toBe(service.clock.now().getTime());
    expect(
      records.some(
        (record) => record.action === 'event.submission-drafted' && record.outcome === 'ok',
      ),
    ).toBe(true);

    // The auditor verifies through the API too; nobody else may.
    const verified = await auditor.client.get('/api/audit/verify');
    expect(at(verified, 'ok')).toBe(true);
    expect(Number(at(verified, 'count'))).toBeGreaterThan(5);
    expect((await admin.client.get('/api/audit/verify')).status).toBe(403);
  });
});

const dataDir = useTempDir('vigil-audit-cli-');

it('vigil audit verify passes on a fresh trail and names the first bad record of a tampered one', async () => {
  const service = await openService({
    dataDir: dataDir.path,
    runJobs: false,
    options: { passwordHashCost: cheapHashCost },
  });
  for (let index = 0; index < 5; index += 1) {
    await service.audit.append({
      actor: 'system',
      action: 'test.entry',
      source: 'test',
      outcome: 'ok',
      details: { index },
    });
  }
  await service.close();

  const intact = captureIo();
  expect(await auditCommand(['verify', '--data-dir', dataDir.path], intact)).toBe(0);
  expect(intact.out()).toMatch(/audit trail intact: \d+ records/);
  expect(intact.err()).toBe('');

  // Someone with database superuser rights edits record 3 around the append-only trigger.
  const store = await openStore({ dataDir: servicePaths(dataDir.path).store, migrate: false });
  await sql`alter table audit_records disable trigger audit_records_append_only`.execute(store.db);
  await sql`update audit_records set actor = 'someone-else' where seq = 3`.execute(store.db);
  await sql`alter table audit_records enable trigger audit_records_append_only`.execute(store.db);
  await store.close();

  const tampered = captureIo();
  expect(await auditCommand(['verify', '--data-dir', dataDir.path], tampered)).toBe(1);
  expect(tampered.out()).toMatch(/audit trail BROKEN at record 3 \(edited\)/);

  const json = captureIo();
  expect(await auditCommand(['verify', '--data-dir', dataDir.path, '--json'], json)).toBe(1);
  expect(JSON.parse(json.out())).toMatchObject({
    ok: false,
    failure: { sequence: 3, reason: 'edited' },
  });
}, 60_000);
