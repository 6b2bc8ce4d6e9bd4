import type { SampleRecord } from '../../src/core/log/log-schema.js';
import type { ModelApi } from '../../src/core/model/model-api.js';
import { runEval } from '../../src/core/runner/run-eval.js';
import type { RunResult } from '../../src/core/runner/run-options.js';
import type { Task } from '../../src/core/task/task.js';
import { createLocalSandboxProvider } from '../../src/sandboxes/local/local-provider.js';
import { MemoryLogSink } from '../support/memory-log-sink.js';

/** Runs a task with a model on the local sandbox provider; the records by sample id. */
export async function runLocally(
  task: Task,
  model: ModelApi,
  options: { readonly maxSamples?: number; readonly epochs?: number } = {},
): Promise<{ result: RunResult; records: Map<string, SampleRecord> }> {
  const sink = new MemoryLogSink();
  const result = await runEval({
    task,
    model,
    sink,
    runId: `ctf-${model.name}`,
    vigil: { version: 'test' },
    maxConnections: 4,
    maxSamples: options.maxSamples ?? 4,
    failOnError: 1000,
    sandboxes: createLocalSandboxProvider(),
    ...(options.epochs === undefined ? {} : { epochs: options.epochs }),
  });
  return { result, records: new Map(sink.samples.map((record) => [record.id, record])) };
}

/** The `ctf` score of a record, with its metadata. */
export function ctfScore(record: SampleRecord | undefined) {
  const score = record?.scores.ctf;
  const metadata = (score?.metadata ?? {}) as {
    flag?: boolean;
    subtasks?: Record<string, boolean>;
    outcomes?: Record<string, boolean>;
  };
  return { value: score?.value, ...metadata };
}
