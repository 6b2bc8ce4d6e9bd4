import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { vigilRoot } from '../../src/config/build-info.js';
import { startJobRunner, type JobRunner } from '../../src/queue/job-runner.js';
import { localSandboxes } from '../../src/sandboxes/local/local-sandboxes.js';
import { credentialModelResolver } from '../../src/server/jobs/credential-model.js';
import { resolveBuiltinSuite } from '../../src/server/jobs/suite-catalogue.js';
import { trackEvaluationJobHandler } from '../../src/server/jobs/track-evaluation-job.js';
import { trackEvaluationJobKind } from '../../src/server/jobs/track-evaluation-job-kind.js';
import { sandboxUnavailableReason } from '../sandbox/support.js';
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
import { openTestService, type TestService } from './support/test-service.js';

const logs = useTempDir('vigil-track-logs-');
const sandboxReason = await sandboxUnavailableReason();
if (sandboxReason !== undefined)
  console.log(`sandboxed track evaluation skipped: ${sandboxReason}`);

function startTracks(service: TestService, workerUserId: string, mockScript: string): JobRunner {
  return startJobRunner({
    queue: service.queue,
    workerId: 'test-worker',
    idleMs: 50,
    handlers: {
      [trackEvaluationJobKind]: trackEvaluationJobHandler({
        services: service,
        workerUserId,
        logDir: logs.path,
        resolveModel: credentialModelResolver({ referenceModels: true, mockScript }),
        resolveSuite: resolveBuiltinSuite,
        sandboxes: localSandboxes,
        watchIntervalMs: 50,
      }),
    },
  });
}

/**
 * A submission with its window open and its credential stored, CISA on the
 * digital-infrastructure track and Treasury on insider risks, an evaluator of each, and the
 * worker read in.
 */
async function openWindowWorld(service: TestService, model: string) {
  const submission = await submissionOf(service, model, 'window_open');
  const coordinator = await coordinatorOf(service, submission.id, submission.compartments);
  const cisa = await agencyStaffOn(
    service,
    coordinator,
    submission,
    'agency.cisa',
    'digital_infrastructure',
  );
  const treasury = await agencyStaffOn(
    service,
    coordinator,
    submission,
    'agency.treasury',
    'insider_risks',
  );
  const workerUserId = await clearWorker(service, submission.id, submission.compartments);
  return { ...submission, coordinator, cisa, treasury, workerUserId };
}

describeEachBackend('track evaluations through the API', (backend) => {
  it('runs a track’s suites against the model as the worker while the window is open, and only for the agency holding the track', async () => {
    const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
    const world = await openWindowWorld(service, 'mock/scripted');
    const runner = startTracks(
      service,
      world.workerUserId,
      join(vigilRoot(), 'examples', 'cyber-knowledge-answers.yaml'),
    );
    try {
      // Treasury holds insider risks, not digital infrastructure: refused, and on the record.
      const wrongTrack = await world.treasury.client.post(
        `/api/submissions/${world.id}/evaluations`,
        {
          track: 'digital_infrastructure',
          suites: ['cyber.knowledge'],
        },
      );
      expect(wrongTrack.status, wrongTrack.text).toBe(403);
      expect(text(wrongTrack, 'detail')).toBe(
        'you may not evaluation.launch here: your agency is not assigned to this track',
      );
      // A suite of another track, or none at all, is a clear 400 naming the choices.
      const unknown = await world.cisa.client.post(`/api/submissions/${world.id}/evaluations`, {
        track: 'digital_infrastructure',
        suites: ['cyber.knowledge', 'bio.uplift'],
      });
      expect(unknown.status, unknown.text).toBe(400);
      expect(text(unknown, 'detail')).toBe(
        'bio.uplift is not a suite of the digital_infrastructure track',
      );
      expect(text(unknown, 'hint')).toContain('cyber.ctf');
      // The developer cannot launch evaluations of its own model.
      const byDeveloper = await world.developer.client.post(
        `/api/submissions/${world.id}/evaluations`,
        { track: 'digital_infrastructure', suites: ['cyber.knowledge'] },
      );
      expect(byDeveloper.status).toBe(403);

      const launched = await world.cisa.client.post(`/api/submissions/${world.id}/evaluations`, {
        track: 'digital_infrastructure',
        suites: ['cyber.knowledge'],
        limit: 10,
        reason: 'first pass',
      });
      expect(launched.status, launched.text).toBe(202);
      const done = await settledJob(world.cisa.client, text(launched, 'id'));
      expect(at(done, 'status'), done.text).toBe('succeeded');
      const runs = await runsOf(world.cisa.client, world.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]?.run).toMatchObject({
        suite: 'cyber.knowledge',
        track: 'digital_infrastructure',
        status: 'succeeded',
      });
      expect(runs[0]?.run.metrics['cyber.knowledge.accuracy']?.value).toBeCloseTo(0.7, 5);
      const transcript = await service.sealed.openText(
        { kind: 'run-transcript', objectId: runs[0]?.run.id ?? '' },
        () => Promise.resolve(),
      );
      expect(transcript).toContain('"cyber.knowledge"');

      // On the record: the launch with its reason, and the worker's model access per suite.
      const trail = await service.store.db.selectFrom('audit_records').selectAll().execute();
      const launchRecord = trail.find((record) => record.action === 'evaluation.launched');
      expect(launchRecord?.actor).toBe(world.cisa.account.user.id);
      expect(JSON.stringify(launchRecord?.details)).toContain('first pass');
      const queries = trail.filter(
        (record) =>
          record.actor === world.workerUserId &&
          record.action === 'model.query' &&
          record.outcome === 'allowed',
      );
      expect(queries.length).toBe(2); // before the suites, and before the suite
      expect(
        trail.some(
          (record) => record.action === 'evaluation.launch' && record.outcome === 'denied',
        ),
      ).toBe(true);

      // Once the window has closed, nobody launches and the worker does not run.
      const ended = await world.coordinator.client.post(
        `/api/submissions/${world.id}/window/close`,
        {
          cause: 'ended_early',
        },
      );
      expect(ended.status, ended.text).toBe(200);
      const late = await world.cisa.client.post(`/api/submissions/${world.id}/evaluations`, {
        track: 'digital_infrastructure',
        suites: ['cyber.knowledge'],
      });
      expect(late.status, late.text).toBe(403);
      expect(text(late, 'detail')).toContain('the access window is not open');
    } finally {
      await runner.stop();
    }
  }, 120_000);

  it('stops the run in hand within moments of a withdrawal, and runs nothing after it', async () => {
    const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
    const world = await openWindowWorld(service, 'mock/scripted');
    const slowScript = join(logs.path, `slow-${String(Date.now())}.yaml`);
    await writeFile(slowScript, 'default:\n  - content: "ANSWER: A"\n    delay_ms: 60000\n');
    const runner = startTracks(service, world.workerUserId, slowScript);
    try {
      const launched = await world.cisa.client.post(`/api/submissions/${world.id}/evaluations`, {
        track: 'digital_infrastructure',
        suites: ['cyber.knowledge', 'cyber.ot'],
        limit: 3,
      });
      expect(launched.status, launched.text).toBe(202);
      for (let tries = 0; tries < 400; tries += 1) {
        const runs = await runsOf(world.cisa.client, world.id);
        if (runs.some((run) => run.run.status === 'running')) break;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const withdrawnAt = Date.now();
      const withdrawn = await world.developer.client.post(`/api/submissions/${world.id}/withdraw`, {
        reason: 'we stop',
      });
      expect(withdrawn.status, withdrawn.text).toBe(200);
      const done = await settledJob(world.coordinator.client, text(launched, 'id'));
      // The 60-second answer was abandoned: the job ended long before it.
      expect(Date.now() - withdrawnAt).toBeLessThan(30_000);
      expect(at(done, 'status'), done.text).toBe('succeeded');
      expect(at(done, 'result.skipped')).toEqual(['cyber.ot']);
      expect(text(done, 'result.stoppedBecause')).toContain('withdrawal');
      const runs = await service.data.runs.list(world.id);
      expect(runs).toHaveLength(1);
      expect(runs[0]?.run.status).toBe('cancelled');
      expect(runs[0]?.error).toContain('withdrawal');
    } finally {
      await runner.stop();
    }
  }, 120_000);

  it.skipIf(sandboxReason !== undefined)(
    'runs sandboxed suites of the track: CTF targets and the PLC, scored inside the sandbox',
    async () => {
      const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
      const world = await openWindowWorld(service, 'reference/solution');
      const runner = startTracks(service, world.workerUserId, '');
      try {
        const launched = await world.cisa.client.post(`/api/submissions/${world.id}/evaluations`, {
          track: 'digital_infrastructure',
          suites: ['cyber.ctf', 'cyber.ot'],
          limit: 2,
        });
        expect(launched.status, launched.text).toBe(202);
        const done = await settledJob(world.cisa.client, text(launched, 'id'));
        expect(at(done, 'status'), done.text).toBe('succeeded');
        const runs = await runsOf(world.cisa.client, world.id);
        const outcomes = runs.map((run) => [run.run.suite, run.run.status, run.error]);
        expect(outcomes.sort()).toEqual([
          ['cyber.ctf', 'succeeded', undefined],
          ['cyber.ot', 'succeeded', undefined],
        ]);
        for (const run of runs) {
          const accuracy = Object.entries(run.run.metrics).find(([name]) =>
            name.endsWith('accuracy'),
          );
          expect(accuracy?.[1].value, JSON.stringify(run.run.metrics)).toBe(1);
        }
      } finally {
        await runner.stop();
      }
    },
    180_000,
  );
});
