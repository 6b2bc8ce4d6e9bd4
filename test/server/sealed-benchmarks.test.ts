import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import type { Role } from '../../src/programme/index.js';
import { benchmarkCompartment } from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { describeEachBackend } from '../support/store-backends.js';
import { at, text } from './support/json-path.js';
import { openTestService, type TestService, type TestUser } from './support/test-service.js';

/** A phrase that appears nowhere but in the items, to look for in the store and the trail. */
const canary = 'canary-ZK41 gadget';

const items = [
  {
    id: 'q1',
    input: `Which register does the ${canary} clobber?`,
    choices: ['rax', 'rsp'],
    target: 'B',
  },
  { id: 'q2', input: 'Which port does SSH listen on?', choices: ['22', '443'], target: 'A' },
  {
    id: 'q3',
    input: 'Which flag makes a page non-executable?',
    choices: ['NX', 'RW'],
    target: 'A',
  },
]
  .map((item) => JSON.stringify(item))
  .join('\n');

const upload = (overrides: Record<string, unknown> = {}) => ({
  name: 'cyber_demo',
  title: 'Demonstration cyber items',
  track: 'digital_infrastructure',
  format: 'jsonl',
  items,
  ...overrides,
});

/** Everyone cleared, read into BENCHMARKS, agreed and granted: only the role tells them apart. */
type People = Record<
  | 'coordinator'
  | 'lead'
  | 'evaluator'
  | 'adjudicator'
  | 'developer'
  | 'officer'
  | 'auditor'
  | 'uncleared',
  TestUser
>;

async function people(service: TestService): Promise<People> {
  const cleared = (role: Role, organisationId: string) =>
    service.user({
      role,
      organisationId,
      clearance: 'TOP_SECRET',
      compartments: [benchmarkCompartment],
      grants: [`compartment:${benchmarkCompartment}`],
    });
  const developer = await service.developer('org.bench-dev');
  return {
    coordinator: await cleared('coordinator', programmeOffice.id),
    lead: await cleared('agency_lead', 'agency.cisa'),
    evaluator: await cleared('agency_evaluator', 'agency.cisa'),
    adjudicator: await cleared('adjudicator', programmeOffice.id),
    developer: await cleared('developer_admin', developer),
    officer: await cleared('security_officer', programmeOffice.id),
    auditor: await cleared('auditor', programmeOffice.id),
    uncleared: await service.user({ role: 'coordinator', organisationId: programmeOffice.id }),
  };
}

async function countStored(service: TestService): Promise<{ rows: number; sealed: number }> {
  const rows = await service.store.db.selectFrom('sealed_benchmarks').select('id').execute();
  const sealed = await service.store.db
    .selectFrom('sealed_values')
    .select('object_id')
    .where('kind', '=', 'benchmark-items')
    .execute();
  return { rows: rows.length, sealed: sealed.length };
}

/** The audit records of `action`, oldest first (sealed reads: of benchmark items only). */
async function auditOf(service: TestService, action: string) {
  let query = service.store.db
    .selectFrom('audit_records')
    .select(['actor', 'outcome', 'object_id', 'details'])
    .where('action', '=', action);
  if (action === 'sealed.read') query = query.where('object_id', 'like', 'benchmark-items:%');
  return query.orderBy('seq').execute();
}

describeEachBackend('sealed benchmarks', (backend) => {
  it('are uploaded, listed, opened and retired, each change recorded', async () => {
    const service = await openTestService(backend);
    const { coordinator, lead, evaluator, adjudicator } = await people(service);

    const first = await coordinator.client.post('/api/benchmarks', upload());
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({
      name: 'sealed.cyber_demo',
      version: 1,
      track: 'digital_infrastructure',
      itemCount: 3,
      inBattery: true,
      digest: createHash('sha256').update(items).digest('hex'),
      marking: {
        level: 'SECRET',
        compartments: [benchmarkCompartment],
        controls: ['SEALED'],
        ownerId: programmeOffice.id,
      },
      uploadedBy: coordinator.account.user.id,
    });
    const firstId = text(first, 'id');
    const second = await coordinator.client.post(
      '/api/benchmarks',
      upload({ name: 'sealed.cyber_demo', inBattery: false, level: 'TOP_SECRET' }),
    );
    expect(second.status, second.text).toBe(201);
    expect(second.json).toMatchObject({
      version: 2,
      inBattery: false,
      marking: { level: 'TOP_SECRET' },
    });

    const listed = await evaluator.client.get('/api/benchmarks');
    expect(listed.status).toBe(200);
    const versions = (at(listed, 'benchmarks') as { version: number }[]).map(
      (entry) => entry.version,
    );
    expect(versions).toEqual([1, 2]);
    expect(listed.text).not.toContain(canary);
    expect(
      at(await evaluator.client.get('/api/benchmarks?track=insider_risks'), 'benchmarks'),
    ).toEqual([]);
    expect((await adjudicator.client.get(`/api/benchmarks/${firstId}`)).json).toEqual(first.json);

    // Agency evaluators see that a benchmark exists; only leads and the coordinator read items.
    expect((await evaluator.client.get(`/api/benchmarks/${firstId}/items`)).status).toBe(403);
    const opened = await lead.client.get(`/api/benchmarks/${firstId}/items`);
    expect(opened.status, opened.text).toBe(200);
    expect(opened.json).toEqual({
      id: firstId,
      name: 'sealed.cyber_demo',
      version: 1,
      digest: at(first, 'digest'),
      format: 'jsonl',
      items,
      task: {
        solver: ['multiple_choice'],
        scorer: ['choice'],
        epochs: 1,
        reducer: 'mean',
        limits: {},
        config: {},
      },
    });

    const retired = await coordinator.client.post(`/api/benchmarks/${firstId}/retire`, {
      reason: 'superseded by version 2',
    });
    expect(retired.status, retired.text).toBe(200);
    expect(at(retired, 'retiredBy')).toBe(coordinator.account.user.id);
    const again = await coordinator.client.post(`/api/benchmarks/${firstId}/retire`, {
      reason: 'twice',
    });
    expect(again.status).toBe(409);
    expect(at(again, 'detail')).toContain('retired already');
    const active = await lead.client.get('/api/benchmarks?active=true');
    expect((at(active, 'benchmarks') as { id: string }[]).map((entry) => entry.id)).toEqual([
      text(second, 'id'),
    ]);
    // A retired version's items stay readable.
    expect((await lead.client.get(`/api/benchmarks/${firstId}/items`)).status).toBe(200);

    expect((await auditOf(service, 'benchmark.upload')).map((record) => record.object_id)).toEqual([
      firstId,
      text(second, 'id'),
    ]);
    const retirements = await auditOf(service, 'benchmark.retire');
    expect(retirements).toHaveLength(1);
    expect(retirements[0]).toMatchObject({ actor: coordinator.account.user.id, outcome: 'ok' });
    expect(retirements[0]?.details).toContain('superseded by version 2');
  });

  it('refuse developers, security officers and auditors whatever they hold, and the uncleared', async () => {
    const service = await openTestService(backend);
    const everyone = await people(service);
    const id = text(await everyone.coordinator.client.post('/api/benchmarks', upload()), 'id');
    for (const name of ['developer', 'officer', 'auditor', 'uncleared'] as const) {
      const client = everyone[name].client;
      const list = await client.get('/api/benchmarks');
      expect(list.status, name).toBe(200);
      expect(at(list, 'benchmarks'), name).toEqual([]);
      for (const response of [
        await client.get(`/api/benchmarks/${id}`),
        await client.get(`/api/benchmarks/${id}/items`),
        await client.post('/api/benchmarks', upload({ items: '{"nope": 1}' })),
        await client.post(`/api/benchmarks/${id}/retire`, { reason: 'not mine to retire' }),
      ]) {
        // Refused before the items are even checked: a 403, never a 400 about them.
        expect(response.status, `${name}: ${response.text}`).toBe(403);
        expect(response.text).not.toContain(canary);
      }
    }
    expect(await countStored(service)).toEqual({ rows: 1, sealed: 1 });
    expect(await auditOf(service, 'benchmark.retire')).toEqual([]);
  });

  it('refuse a bad item with a 400 naming its line and the fix, storing nothing', async () => {
    const service = await openTestService(backend);
    const { coordinator } = await people(service);
    const lines = items.split('\n');
    const cases: { body: Record<string, unknown>; field: string; detail: RegExp }[] = [
      {
        body: upload({ items: [lines[0], '', '{"target": "A"}'].join('\n') }),
        field: 'body.items',
        detail: /^items:3: field input/,
      },
      {
        body: upload({ items: `${lines[0]}\n{"input": oops}` }),
        field: 'body.items',
        detail: /^items:2: is not valid JSON/,
      },
      {
        body: upload({ format: 'csv', items: 'id,input,target,metadata\n1,What?,A,{bad\n' }),
        field: 'body.items',
        detail: /^items:2: column metadata is not valid JSON/,
      },
      {
        body: upload({ items: `${lines[0]}\n${lines[0]}` }),
        field: 'body.items',
        detail: /sample id "q1" appears twice/,
      },
      {
        body: upload({
          items: `${lines[0]}\n{"id": "open", "input": "Name a cipher", "target": "AES"}`,
          task: { solver: ['multiple_choice'] },
        }),
        field: 'body.items',
        detail: /item "open" has no choices/,
      },
      {
        body: upload({
          items: `${lines[0]}\n{"id": "e", "input": "Pick", "choices": ["x", "y"], "target": "E"}`,
        }),
        field: 'body.items',
        detail:
          /^items: item "e": scorer choice: target "E" is neither a choice letter nor the text/,
      },
      {
        body: upload({ task: { scorer: ['choice', { name: 'model_graded' }] } }),
        field: 'body.task.scorer[1]',
        detail: /cannot be accepted/,
      },
      {
        body: upload({ task: { reducer: 'average' } }),
        field: 'body.task',
        detail: /field reducer/,
      },
    ];
    for (const { body, field, detail } of cases) {
      const response = await coordinator.client.post('/api/benchmarks', body);
      expect(response.status, response.text).toBe(400);
      expect(at(response, 'detail'), response.text).toMatch(detail);
      const errors = at(response, 'errors') as { field: string; problem: string; fix: string }[];
      expect(errors[0]?.field, response.text).toBe(field);
      expect(errors[0]?.fix.length, response.text).toBeGreaterThan(10);
    }
    const graded = await coordinator.client.post(
      '/api/benchmarks',
      upload({ task: { scorer: { name: 'model_graded' } } }),
    );
    expect((at(graded, 'errors') as { fix: string }[])[0]?.fix).toContain(
      'the service does not have',
    );
    expect(await countStored(service)).toEqual({ rows: 0, sealed: 0 });
    expect(await auditOf(service, 'benchmark.upload')).toEqual([]);
  });

  it('record every read of the items in the audit trail', async () => {
    const service = await openTestService(backend);
    const { coordinator, lead } = await people(service);
    const id = text(await coordinator.client.post('/api/benchmarks', upload()), 'id');
    for (const reader of [lead, coordinator, lead]) {
      expect((await reader.client.get(`/api/benchmarks/${id}/items`)).status).toBe(200);
    }
    const reads = await auditOf(service, 'sealed.read');
    expect(reads.map((record) => [record.actor, record.outcome, record.object_id])).toEqual([
      [lead.account.user.id, 'ok', `benchmark-items:${id}`],
      [coordinator.account.user.id, 'ok', `benchmark-items:${id}`],
      [lead.account.user.id, 'ok', `benchmark-items:${id}`],
    ]);
    expect(reads[0]?.details).toContain('read benchmark items');
    // Listing and reading the clear part open nothing.
    await lead.client.get('/api/benchmarks');
    await lead.client.get(`/api/benchmarks/${id}`);
    expect(await auditOf(service, 'sealed.read')).toHaveLength(3);
  });

  it('keep no plaintext item in the store or the audit trail', async () => {
    const service = await openTestService(backend);
    const { coordinator, lead } = await people(service);
    const id = text(await coordinator.client.post('/api/benchmarks', upload()), 'id');
    await lead.client.get(`/api/benchmarks/${id}/items`);
    const dump = await sql<{ text: string }>`
      select coalesce((select string_agg(to_jsonb(b)::text, '') from sealed_benchmarks b), '')
        || coalesce((select string_agg(encode(ciphertext, 'escape'), '') from sealed_values), '')
        || coalesce((select string_agg(to_jsonb(a)::text, '') from audit_records a), '')
        as text`.execute(service.store.db);
    const stored = dump.rows[0]?.text ?? '';
    expect(stored).toContain('sealed.cyber_demo');
    expect(stored).not.toContain(canary);
    expect(stored).not.toContain('Which port does SSH');
  });
});
