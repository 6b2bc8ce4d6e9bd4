import { expect, it } from 'vitest';
import { startJobRunner } from '../../src/queue/job-runner.js';
import { localSandboxes } from '../../src/sandboxes/local/local-sandboxes.js';
import { parseAppOptions } from '../../src/server/app-options.js';
import { batteryJobHandler } from '../../src/server/jobs/battery-job.js';
import { batteryJobKind } from '../../src/server/jobs/battery-job-kind.js';
import { builtinBatterySuites } from '../../src/server/jobs/battery-suites.js';
import { credentialModelResolver } from '../../src/server/jobs/credential-model.js';
import { InputError } from '../../src/core/errors/input-error.js';
import { sandboxUnavailableReason } from '../sandbox/support.js';
import { describeEachBackend } from '../support/store-backends.js';
import { useTempDir } from '../support/temp-dir.js';
import { clearWorker, submissionOf } from './support/evaluation-world.js';
import { openTestService } from './support/test-service.js';

const logs = useTempDir('vigil-battery-sandboxed-');
const sandboxReason = await sandboxUnavailableReason();
if (sandboxReason !== undefined) console.log(`sandboxed battery skipped: ${sandboxReason}`);

it('refuses a battery suite that is not a built-in suite of a track, naming the choices', () => {
  const refused = (() => {
    try {
      parseAppOptions({ batterySuites: ['cyber.knowledge', 'demo.web_traversal'] });
      return undefined;
    } catch (error) {
      return error;
    }
  })();
  expect(refused).toBeInstanceOf(InputError);
  expect((refused as InputError).message).toContain('batterySuites');
  expect((refused as InputError).message).toContain('cyber.ctf');
  expect(parseAppOptions({}).batterySuites).toEqual(['cyber.knowledge']);
});

describeEachBackend('a battery with sandboxed suites', (backend) => {
  it.skipIf(sandboxReason !== undefined)(
    'runs the PLC scenarios in sandboxes and names the metric after the suite',
    async () => {
      const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
      const submission = await submissionOf(service, 'reference/solution', 'qualifying');
      const id = submission.id;
      const workerUserId = await clearWorker(service, id, submission.compartments);
      const officerId = (await service.data.accounts.findByUsername('admin'))?.user.id ?? '';
      const runner = startJobRunner({
        queue: service.queue,
        workerId: 'test-worker',
        idleMs: 50,
        handlers: {
          [batteryJobKind]: batteryJobHandler({
            services: service,
            workerUserId,
            logDir: logs.path,
            suites: builtinBatterySuites(['cyber.ot'], 2),
            resolveModel: credentialModelResolver({ referenceModels: true }),
            sandboxes: localSandboxes,
          }),
        },
      });
      try {
        const job = await service.queue.enqueue({
          kind: batteryJobKind,
          payload: { submissionId: id, requestedBy: officerId },
        });
        await runner.idle();
        expect((await service.queue.status(job.id))?.status).toBe('succeeded');
        const runs = await service.data.runs.list(id);
        expect(runs.map((run) => [run.run.suite, run.run.track, run.run.status])).toEqual([
          ['cyber.ot', 'digital_infrastructure', 'succeeded'],
        ]);
        const metrics = runs[0]?.run.metrics ?? {};
        const names = Object.keys(metrics);
        expect(names.length).toBeGreaterThan(0);
        expect(names.every((name) => name.startsWith('cyber.ot.'))).toBe(true);
        expect(Object.values(metrics).every((metric) => metric.value === 1)).toBe(true);
      } finally {
        await runner.stop();
      }
    },
    120_000,
  );
});
