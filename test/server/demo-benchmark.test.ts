import { expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/cli-io.js';
import { runEval } from '../../src/core/runner/run-eval.js';
import { benchmarkCompartment } from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { seedDemoBenchmark } from '../../src/server/demo/demo-benchmark.js';
import { sealedBenchmarkTask } from '../../src/server/jobs/sealed-benchmark-task.js';
import { FakeModel } from '../support/fake-model.js';
import { MemoryLogSink } from '../support/memory-log-sink.js';
import { describeEachBackend } from '../support/store-backends.js';
import { openTestService } from './support/test-service.js';

describeEachBackend('the demo’s sealed benchmark', (backend) => {
  it('is uploaded by the coordinator, sealed, and its ten items run and score', async () => {
    const service = await openTestService(backend);
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
      clearance: 'SECRET',
      compartments: [benchmarkCompartment],
      grants: [`compartment:${benchmarkCompartment}`],
    });
    let printed = '';
    const io: CliIo = {
      stdout: { write: (text: string) => (printed += text) },
      stderr: { write: () => undefined },
    };
    const actor = { userId: coordinator.account.user.id, source: 'demo seed', requestId: 'demo' };
    await seedDemoBenchmark(service, actor, coordinator.account, io);
    expect(printed).toContain('sealed benchmark sealed.cyber_demo v1 uploaded (10 items');

    const [benchmark] = await service.data.benchmarks.list();
    expect(benchmark).toMatchObject({
      name: 'sealed.cyber_demo',
      track: 'digital_infrastructure',
      inBattery: true,
      itemCount: 10,
      uploadedBy: coordinator.account.user.id,
    });
    const body = await service.data.benchmarks.open(benchmark!.id, service.sealed, () =>
      Promise.resolve(),
    );
    const task = sealedBenchmarkTask(benchmark!, body!);
    // A model that knows every answer scores 1: each target is one of its item's choices.
    const answers = new Map(
      task.dataset.samples.map((sample) => [sample.input as string, sample.target as string]),
    );
    const model = new FakeModel((prompt) => {
      const question = [...answers.keys()].find((input) => prompt.includes(input));
      return `ANSWER: ${answers.get(question ?? '') ?? 'Z'}`;
    });
    const outcome = await runEval({
      task,
      model,
      sink: new MemoryLogSink(),
      runId: 'demo-benchmark',
      vigil: { version: 'test' },
      maxConnections: 4,
      failOnError: 1,
    });
    expect(outcome.scorers[0]?.metrics.accuracy?.value).toBe(1);
  });
});
