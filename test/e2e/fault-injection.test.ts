import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SampleRecord } from '../../src/core/log/log-schema.js';
import { runEval } from '../../src/core/runner/run-eval.js';
import { includes } from '../../src/core/scorers/includes.js';
import { generate } from '../../src/core/solvers/generate.js';
import { defineTask } from '../../src/core/task/task.js';
import { JsonlLogSink } from '../../src/log-files/jsonl-log-sink.js';
import { createUndiciTransport } from '../../src/providers/http/undici-transport.js';
import { createOpenAiChatModel } from '../../src/providers/openai/openai-chat-model.js';
import { answerFor, startFaultServer, type FaultServer } from '../support/fault-server.js';
import { readSampleRecords } from '../support/log-files.js';
import { useTempDir } from '../support/temp-dir.js';

const sampleCount = 2000;

/** Even samples target the endpoint's answer, odd ones another letter: the expected score is exact. */
function dataset() {
  return Array.from({ length: sampleCount }, (_, index) => {
    const input = `Question ${index}: pick one of A B C D.`;
    const right = answerFor(input);
    const wrong = `ANSWER: ${right.endsWith('A') ? 'B' : 'A'}`;
    return { id: `q${index}`, input, target: index % 2 === 0 ? right : wrong };
  });
}

const hostile = {
  rate_limit: 0.05,
  server_error: 0.03,
  bad_gateway: 0.02,
  unavailable: 0.02,
  overloaded: 0.02,
  timeout: 0.01,
  reset: 0.02,
  truncated_json: 0.02,
  malformed_json: 0.02,
  empty_choices: 0.01,
  html_body: 0.01,
  slow: 0.02,
};

const dir = useTempDir('vigil-faults-');
let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function runAgainst(faultServer: FaultServer, maxRetries: number) {
  const path = join(dir.path, `run-${String(maxRetries)}.vigil.jsonl`);
  const model = createOpenAiChatModel({
    model: 'mock-mcq-1',
    baseUrl: faultServer.url,
    apiKey: undefined,
    keySource: 'none',
    timeoutMs: 400,
    transport: createUndiciTransport({ connections: 32 }),
  });
  const task = defineTask({
    name: 'faults',
    dataset: { name: 'faults', location: 'memory', samples: dataset() },
    solver: generate(),
    scorers: [includes()],
  });
  const result = await runEval({
    task,
    model,
    sink: new JsonlLogSink(path),
    runId: 'faults',
    vigil: { version: 'test' },
    maxConnections: 32,
    failOnError: sampleCount, // never stop early: every sample must end up in the log
    retry: { maxRetries, baseDelayMs: 5, maxDelayMs: 40, maxRetryAfterMs: 100 },
  });
  const records = await readSampleRecords(path);
  return { result, records };
}

function modelCalls(records: readonly SampleRecord[]) {
  return records.flatMap((record) => record.events.filter((event) => event.type === 'model-call'));
}

describe('a run against an endpoint that fails at random', () => {
  it('scores every sample exactly once when retries suffice, with every retry in the log', async () => {
    server = await startFaultServer({
      seed: 7,
      faults: hostile,
      retryAfterSeconds: 0.01,
      slowMs: 50,
      maxFaultsPerPrompt: 3,
    });
    const { result, records } = await runAgainst(server, 6);
    const stats = server.stats();

    expect(result.status).toBe('success');
    expect(records).toHaveLength(sampleCount);
    expect(new Set(records.map((record) => record.id)).size).toBe(sampleCount);
    expect(records.filter((record) => record.error !== undefined)).toEqual([]);
    expect(result.scorers[0]?.metrics.accuracy?.value).toBe(0.5); // even samples right, odd wrong

    // Every request the server saw is one model-call event; every fault is one failed attempt.
    const calls = modelCalls(records);
    const failed = calls.filter((event) => event.error !== undefined);
    const faultTotal =
      Object.values(stats.faults).reduce((sum, value) => sum + value, 0) - stats.faults.slow;
    expect(faultTotal).toBeGreaterThan(100);
    expect(failed).toHaveLength(faultTotal);
    expect(calls.length - failed.length).toBe(sampleCount);
    expect(
      failed.every((event) => event.retryInMs !== undefined && event.error?.retryable === true),
    ).toBe(true);
    expect(calls.filter((event) => event.error?.reason === 'rate_limit')).toHaveLength(
      stats.faults.rate_limit,
    );
    expect(calls.filter((event) => event.error?.reason === 'malformed_response')).toHaveLength(
      stats.faults.truncated_json +
        stats.faults.malformed_json +
        stats.faults.empty_choices +
        stats.faults.html_body,
    );
    expect(calls.filter((event) => event.error?.reason === 'timeout')).toHaveLength(
      stats.faults.timeout,
    );
    const malformed = calls.find((event) => event.error?.reason === 'malformed_response');
    expect(malformed?.error?.responseBody).toBeDefined();
    expect(calls.some((event) => (event.attempt ?? 1) > 1)).toBe(true);
  });

  it('records each sample whose retries run out as an error with its cause, and loses none', async () => {
    server = await startFaultServer({
      seed: 11,
      faults: hostile,
      retryAfterSeconds: 0.01,
      slowMs: 50,
    });
    const { result, records } = await runAgainst(server, 1);

    expect(records).toHaveLength(sampleCount);
    expect(new Set(records.map((record) => record.id)).size).toBe(sampleCount);
    const errored = records.filter((record) => record.error !== undefined);
    expect(errored.length).toBeGreaterThan(0);
    expect(result.erroredSamples).toBe(errored.length);
    for (const record of errored) {
      expect(record.scores).toEqual({});
      expect(record.error?.reason).toMatch(
        /^(rate_limit|overloaded|server|timeout|connection|malformed_response)$/,
      );
      const attempts = record.events.filter((event) => event.type === 'model-call');
      expect(attempts).toHaveLength(2); // the first try and one retry
    }
    const scored = records.filter((record) => record.error === undefined);
    expect(scored.every((record) => record.scores.includes !== undefined)).toBe(true);
    expect(result.scorers[0]?.scoredSamples).toBe(scored.length);
  });
});
