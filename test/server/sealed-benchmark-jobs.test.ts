import { expect, it } from 'vitest';
import { UnrecoverableJobError } from '../../src/queue/errors/unrecoverable-job-error.js';
import { benchmarkCompartment } from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { jobAuthority } from '../../src/server/jobs/job-authority.js';
import {
  activeBenchmarks,
  openSealedBenchmarkForJob,
  sealedBenchmarkTask,
} from '../../src/server/jobs/sealed-benchmark-task.js';
import { rejection } from '../support/errors.js';
import { describeEachBackend } from '../support/store-backends.js';
import { text } from './support/json-path.js';
import { openTestService, type TestService } from './support/test-service.js';

const items = [
  { id: 'a', input: 'Which port does SSH listen on?', choices: ['22', '443'], target: 'A' },
  { id: 'b', input: 'Which bit marks a page non-executable?', choices: ['RW', 'NX'], target: 'B' },
]
  .map((item) => JSON.stringify(item))
  .join('\n');

async function uploadSome(service: TestService) {
  const coordinator = await service.user({
    role: 'coordinator',
    organisationId: programmeOffice.id,
    clearance: 'SECRET',
    compartments: [benchmarkCompartment],
    grants: [`compartment:${benchmarkCompartment}`],
  });
  const upload = async (name: string, track: string, inBattery: boolean) => {
    const response = await coordinator.client.post('/api/benchmarks', {
      name,
      title: `Items ${name}`,
      track,
      inBattery,
      format: 'jsonl',
      items,
    });
    expect(response.status, response.text).toBe(201);
    return text(response, 'id');
  };
  const insider = await upload('insider_mcq', 'insider_risks', false);
  const cyberOne = await upload('cyber_mcq', 'digital_infrastructure', true);
  const cyberTwo = await upload('cyber_mcq', 'digital_infrastructure', true);
  const cyberThree = await upload('cyber_mcq', 'digital_infrastructure', true);
  const retired = await coordinator.client.post(`/api/benchmarks/${cyberThree}/retire`, {
    reason: 'a flawed item',
  });
  expect(retired.status).toBe(200);
  return { insider, cyberOne, cyberTwo, cyberThree };
}

async function worker(service: TestService, readIn: boolean) {
  return service.user({
    role: 'worker',
    organisationId: programmeOffice.id,
    clearance: 'SECRET',
    compartments: readIn ? [benchmarkCompartment] : [],
    grants: readIn ? [`compartment:${benchmarkCompartment}`] : [],
  });
}

describeEachBackend('sealed benchmarks for jobs', (backend) => {
  it('run the newest version of each name that is not retired, by track and battery', async () => {
    const service = await openTestService(backend);
    const ids = await uploadSome(service);
    const names = async (filter: Parameters<typeof activeBenchmarks>[1]) =>
      (await activeBenchmarks(service.data, filter)).map((entry) => [entry.name, entry.id]);
    expect(await names({})).toEqual([
      ['sealed.cyber_mcq', ids.cyberTwo],
      ['sealed.insider_mcq', ids.insider],
    ]);
    expect(await names({ track: 'digital_infrastructure' })).toEqual([
      ['sealed.cyber_mcq', ids.cyberTwo],
    ]);
    expect(await names({ inBattery: false })).toEqual([['sealed.insider_mcq', ids.insider]]);
    expect(await names({ track: 'structural_vulnerabilities', inBattery: true })).toEqual([]);
  });

  it('open the items for a worker read into BENCHMARKS, recording the decision and the read', async () => {
    const service = await openTestService(backend);
    const ids = await uploadSome(service);
    const [benchmark] = await activeBenchmarks(service.data, { inBattery: true });
    expect(benchmark?.id).toBe(ids.cyberTwo);
    const cleared = await worker(service, true);
    const authority = await jobAuthority(service, cleared.account.user.id);
    const body = await openSealedBenchmarkForJob(service, authority, benchmark!, 'battery (job 1)');
    expect(body.items).toBe(items);
    expect(sealedBenchmarkTask(benchmark!, body).dataset.samples).toHaveLength(2);
    const records = await service.store.db
      .selectFrom('audit_records')
      .select(['action', 'outcome', 'object_id'])
      .where('actor', '=', cleared.account.user.id)
      .where('action', 'in', ['benchmark.use', 'sealed.read'])
      .orderBy('seq')
      .execute();
    expect(records).toEqual([
      { action: 'benchmark.use', outcome: 'allowed', object_id: ids.cyberTwo },
      { action: 'sealed.read', outcome: 'ok', object_id: `benchmark-items:${ids.cyberTwo}` },
    ]);
  });

  it('refuse a worker not read in, failing the job with the fix and opening nothing', async () => {
    const service = await openTestService(backend);
    await uploadSome(service);
    const [benchmark] = await activeBenchmarks(service.data, { inBattery: true });
    const outsider = await worker(service, false);
    const authority = await jobAuthority(service, outsider.account.user.id);
    const error = await rejection(() =>
      openSealedBenchmarkForJob(service, authority, benchmark!, 'battery (job 2)'),
    );
    expect(error).toBeInstanceOf(UnrecoverableJobError);
    expect((error as UnrecoverableJobError).message).toContain('not read into BENCHMARKS');
    expect((error as UnrecoverableJobError).hint).toContain('need-to-know grant');
    const records = await service.store.db
      .selectFrom('audit_records')
      .select(['action', 'outcome'])
      .where('actor', '=', outsider.account.user.id)
      .where('action', 'in', ['benchmark.use', 'sealed.read'])
      .execute();
    expect(records).toEqual([{ action: 'benchmark.use', outcome: 'denied' }]);
  });
});
