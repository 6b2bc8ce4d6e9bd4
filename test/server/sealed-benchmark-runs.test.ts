import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startJobRunner, type JobRunner } from '../../src/queue/job-runner.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { batteryJobHandler } from '../../src/server/jobs/battery-job.js';
import { batteryJobKind } from '../../src/server/jobs/battery-job-kind.js';
import { builtinBatterySuites } from '../../src/server/jobs/battery-suites.js';
import { credentialModelResolver } from '../../src/server/jobs/credential-model.js';
import { resolveBuiltinSuite } from '../../src/server/jobs/suite-catalogue.js';
import { trackEvaluationJobHandler } from '../../src/server/jobs/track-evaluation-job.js';
import { trackEvaluationJobKind } from '../../src/server/jobs/track-evaluation-job-kind.js';
import { describeEachBackend } from '../support/store-backends.js';
import { useTempDir } from '../support/temp-dir.js';
import {
  agencyStaffOn,
  clearWorker,
  coordinatorOf,
  runsOf,
  settledJob,
  submissionOf,
} from './support/evaluation-world.js';
import { at, text } from './support/json-path.js';
import type { TestUser } from './support/test-service.js';
import { openTestService, type TestService } from './support/test-service.js';

const logs = useTempDir('vigil-sealed-runs-');

/** Three sealed questions; the scripted model knows two answers and gets the third wrong. */
const questions = [
  { id: 's1', input: 'Sealed question one: which port?', choices: ['22', '23'], target: 'A' },
  { id: 's2', input: 'Sealed question two: which flag?', choices: ['NX', 'RX'], target: 'A' },
  { id: 's3', input: 'Sealed question three: which mode?', choices: ['CBC', 'GCM'], target: 'B' },
];
const script = `rules:
  - contains: 'Sealed question one'
    turns:
      - content: "ANSWER: A"
  - contains: 'Sealed question two'
    turns:
      - content: "ANSWER: A"
default:
  - content: "ANSWER: A"
`;

async function scriptFile(): Promise<string> {
  const path = join(logs.path, `sealed-${String(Date.now())}-${String(Math.random())}.yaml`);
  await writeFile(path, script);
  return path;
}

function startJobs(service: TestService, workerUserId: string, mockScript: string): JobRunner {
  const common = {
    services: service,
    workerUserId,
    logDir: logs.path,
    resolveModel: credentialModelResolver({ referenceModels: true, mockScript }),
    watchIntervalMs: 50,
  };
  return startJobRunner({
    queue: service.queue,
    workerId: 'test-worker',
    idleMs: 50,
    handlers: {
      [batteryJobKind]: batteryJobHandler({
        ...common,
        suites: builtinBatterySuites(['cyber.knowledge'], 2),
      }),
      [trackEvaluationJobKind]: trackEvaluationJobHandler({
        ...common,
        resolveSuite: resolveBuiltinSuite,
        sandboxes: () => Promise.reject(new Error('no sandbox in this test')),
      }),
    },
  });
}

async function uploadSealedSet(coordinator: TestUser, inBattery: boolean): Promise<string> {
  const uploaded = await coordinator.client.post('/api/benchmarks', {
    name: 'ops_mcq',
    title: 'Operational questions',
    track: 'digital_infrastructure',
    inBattery,
    format: 'jsonl',
    items: questions.map((question) => JSON.stringify(question)).join('\n'),
  });
  expect(uploaded.status, uploaded.text).toBe(201);
  return text(uploaded, 'name');
}

describeEachBackend('sealed item sets in the battery and the tracks', (backend) => {
  it('joins the battery beside the built-in suites, as a run named after the set, once the worker is cleared for it', async () => {
    const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
    const submission = await submissionOf(service, 'mock/scripted', 'qualifying');
    const coordinator = await coordinatorOf(service, submission.id, submission.compartments);
    const name = await uploadSealedSet(coordinator, true);
    expect(name).toBe('sealed.ops_mcq');
    // Read into the submission but not the sealed sets: the battery fails before any model call.
    const workerUserId = await clearWorker(service, submission.id, submission.compartments);
    const runner = startJobs(service, workerUserId, await scriptFile());
    try {
      const refused = await service.queue.enqueue({
        kind: batteryJobKind,
        payload: { submissionId: submission.id, requestedBy: coordinator.account.user.id },
      });
      await runner.idle();
      const failed = await service.queue.status(refused.id);
      expect(failed?.status).toBe('failed');
      expect(failed?.error).toContain('may not benchmark.use on sealed benchmark sealed.ops_mcq');
      expect(await service.data.runs.list(submission.id)).toEqual([]);

      await clearWorker(service, submission.id, submission.compartments, { benchmarks: true });
      const job = await service.queue.enqueue({
        kind: batteryJobKind,
        payload: { submissionId: submission.id, requestedBy: coordinator.account.user.id },
      });
      await runner.idle();
      expect((await service.queue.status(job.id))?.status).toBe('succeeded');
      const runs = (await service.data.runs.list(submission.id)).sort((a, b) =>
        a.run.suite.localeCompare(b.run.suite),
      );
      expect(runs.map((run) => [run.run.suite, run.run.status])).toEqual([
        ['cyber.knowledge', 'succeeded'],
        ['sealed.ops_mcq', 'succeeded'],
      ]);
      expect(runs[1]?.run.metrics['sealed.ops_mcq.accuracy']?.value).toBeCloseTo(2 / 3, 5);
    } finally {
      await runner.stop();
    }
  }, 120_000);

  it('runs in a track evaluation for those cleared to see it, and its transcript leaves only with the items’ clearance', async () => {
    const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
    const submission = await submissionOf(service, 'mock/scripted', 'window_open');
    const coordinator = await coordinatorOf(service, submission.id, submission.compartments);
    await uploadSealedSet(coordinator, false);
    const staff = (options: Parameters<typeof agencyStaffOn>[5]) =>
      agencyStaffOn(
        service,
        coordinator,
        submission,
        'agency.cisa',
        'digital_infrastructure',
        options,
      );
    const uncleared = await staff({});
    const evaluator = await staff({ benchmarks: true });
    const lead = await staff({ role: 'agency_lead', benchmarks: true });
    const workerUserId = await clearWorker(service, submission.id, submission.compartments, {
      benchmarks: true,
    });
    const runner = startJobs(service, workerUserId, await scriptFile());
    try {
      const launch = (user: TestUser) =>
        user.client.post(`/api/submissions/${submission.id}/evaluations`, {
          track: 'digital_infrastructure',
          suites: ['cyber.knowledge', 'sealed.ops_mcq'],
          limit: 3,
        });
      const refused = await launch(uncleared);
      expect(refused.status, refused.text).toBe(403);
      expect(text(refused, 'detail')).toContain('benchmark.read');
      // A set that does not exist gets the same answer: nothing tells them which sets exist.
      const guessed = await uncleared.client.post(`/api/submissions/${submission.id}/evaluations`, {
        track: 'digital_infrastructure',
        suites: ['sealed.no_such_set'],
      });
      expect([guessed.status, text(guessed, 'detail')]).toEqual([
        refused.status,
        text(refused, 'detail'),
      ]);
      const unknownToCleared = await evaluator.client.post(
        `/api/submissions/${submission.id}/evaluations`,
        { track: 'digital_infrastructure', suites: ['sealed.no_such_set'] },
      );
      expect(unknownToCleared.status).toBe(400);
      const launched = await launch(evaluator);
      expect(launched.status, launched.text).toBe(202);
      const done = await settledJob(evaluator.client, text(launched, 'id'));
      expect(at(done, 'status'), done.text).toBe('succeeded');
      const runs = await runsOf(evaluator.client, submission.id);
      const sealedRun = runs.find((run) => run.run.suite === 'sealed.ops_mcq');
      expect(sealedRun?.run.track).toBe('digital_infrastructure');
      expect(sealedRun?.run.metrics['sealed.ops_mcq.accuracy']?.value).toBeCloseTo(2 / 3, 5);

      // The evaluator may not read sealed items (benchmark.open): the export withholds that run.
      const exportAs = async (user: TestUser) => {
        const officer = await service.user({
          role: 'security_officer',
          organisationId: programmeOffice.id,
        });
        const asked = await user.client.post('/api/approvals', {
          action: 'transcripts.export',
          objectId: `transcripts:${submission.id}`,
          submissionId: submission.id,
          reason: 'review',
        });
        expect(asked.status, asked.text).toBe(201);
        await officer.client.post(`/api/approvals/${text(asked, 'id')}/decide`, { approved: true });
        const exported = await user.client.post(
          `/api/submissions/${submission.id}/transcripts/export`,
        );
        expect(exported.status, exported.text).toBe(200);
        return at(exported, 'runs') as {
          record: { run: { suite: string } };
          log: string | null;
          withheld?: string;
        }[];
      };
      const byEvaluator = await exportAs(evaluator);
      const withheld = byEvaluator.find((run) => run.record.run.suite === 'sealed.ops_mcq');
      expect(withheld?.log).toBeNull();
      expect(withheld?.withheld).toContain('sealed items of sealed.ops_mcq');
      const open = byEvaluator.find((run) => run.record.run.suite === 'cyber.knowledge');
      expect(open?.log).toContain('"cyber.knowledge"');
      expect(JSON.stringify(byEvaluator)).not.toContain('Sealed question');

      const byLead = await exportAs(lead);
      const withItems = byLead.find((run) => run.record.run.suite === 'sealed.ops_mcq');
      expect(withItems?.withheld).toBeUndefined();
      expect(withItems?.log).toContain('Sealed question one');
    } finally {
      await runner.stop();
    }
  }, 120_000);
});
