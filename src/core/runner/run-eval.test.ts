import { describe, expect, it } from 'vitest';
import { FakeModel } from '../../../test/support/fake-model.js';
import { MemoryLogSink } from '../../../test/support/memory-log-sink.js';
import { ModelApiError } from '../errors/model-api-error.js';
import { includes } from '../scorers/includes.js';
import { generate } from '../solvers/generate.js';
import type { Sample } from '../task/sample.js';
import { defineTask, type TaskDefinition } from '../task/task.js';
import { runEval, type RunOptions } from './run-eval.js';

function samples(count: number): Sample[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `s${index}`,
    input: `question ${index}`,
    target: `${index}`,
  }));
}

function task(count: number, overrides: Partial<TaskDefinition> = {}) {
  return defineTask({
    name: 'test-task',
    dataset: { name: 'test', location: 'memory', samples: samples(count) },
    solver: generate(),
    scorers: [includes()],
    ...overrides,
  });
}

function run(options: Partial<RunOptions> & Pick<RunOptions, 'task' | 'model'>) {
  const sink = new MemoryLogSink();
  const result = runEval({
    sink,
    runId: 'run-1',
    vigil: { version: 'test' },
    maxConnections: 4,
    failOnError: 1_000_000,
    ...options,
  });
  return { sink, result };
}

describe('runEval', () => {
  it('scores every sample once and reports accuracy with a Wilson interval', async () => {
    // The fake echoes "question N", which includes the target N, except for N = 7 and 17.
    const model = new FakeModel((prompt) => (prompt.endsWith('7') ? 'no' : prompt));
    const { sink, result } = run({ task: task(20), model });
    const outcome = await result;
    expect(outcome.status).toBe('success');
    expect(sink.samples).toHaveLength(20);
    expect(new Set(sink.samples.map((record) => record.id)).size).toBe(20);
    const correct = sink.samples.filter((record) => record.scores.includes?.value === 1).length;
    expect(correct).toBe(18); // s7 and s17 answer "no"
    const accuracy = outcome.scorers[0]?.metrics.accuracy;
    expect(accuracy?.value).toBeCloseTo(0.9, 12);
    expect(accuracy?.ciMethod).toBe('wilson');
    // Wilson 95% for 18/20: centre (0.9 + 1.9208/20)/(1 + 3.8415/20), half-width from the formula.
    expect(accuracy?.ci95?.[0]).toBeCloseTo(0.699, 3);
    expect(accuracy?.ci95?.[1]).toBeCloseTo(0.9721, 3);
    expect(sink.footer?.results.completedSamples).toBe(20);
    expect(sink.footer?.usage.totalTokens).toBe(240);
  });

  it('never has more model calls in flight than max-connections, and uses all of them', async () => {
    const model = new FakeModel((prompt) => prompt, 5);
    const { result } = run({ task: task(40), model, maxConnections: 3, maxSamples: 10 });
    await result;
    expect(model.calls).toBe(40);
    expect(model.peakInFlight).toBe(3);
  });

  it('records a failing sample with its error as data and carries on', async () => {
    const model = new FakeModel((prompt) =>
      prompt === 'question 3'
        ? new ModelApiError('context length exceeded', {
            provider: 'fake',
            statusCode: 400,
            isRetryable: false,
          })
        : prompt,
    );
    const { sink, result } = run({ task: task(10), model });
    const outcome = await result;
    expect(outcome.status).toBe('success');
    expect(outcome.erroredSamples).toBe(1);
    const failed = sink.samples.find((record) => record.id === 's3');
    expect(failed?.error).toMatchObject({
      kind: 'ModelApiError',
      message: 'context length exceeded',
      retryable: false,
      statusCode: 400,
    });
    expect(failed?.scores).toEqual({});
    expect(failed?.events[0]).toMatchObject({ type: 'model-call', error: { statusCode: 400 } });
    expect(outcome.scorers[0]?.scoredSamples).toBe(9);
  });

  it('stops the whole run at once on an error that every call would hit (a revoked key)', async () => {
    const model = new FakeModel(
      () =>
        new ModelApiError('answered 401', {
          provider: 'fake',
          statusCode: 401,
          reason: 'auth',
          isRetryable: false,
          stopsRun: true,
        }),
    );
    const { sink, result } = run({ task: task(500), model, maxConnections: 2 });
    const outcome = await result;
    expect(outcome.status).toBe('error');
    expect(outcome.error).toMatchObject({ reason: 'auth', statusCode: 401 });
    expect(model.calls).toBeLessThanOrEqual(2);
    expect(sink.samples).toHaveLength(0);
    expect(sink.footer?.status).toBe('error');
  });

  it('retries a retryable failure and logs every attempt', async () => {
    let failures = 0;
    const model = new FakeModel((prompt) => {
      if (prompt === 'question 0' && failures < 2) {
        failures += 1;
        return new ModelApiError('busy', {
          provider: 'fake',
          statusCode: 503,
          reason: 'overloaded',
          isRetryable: true,
          retryAfterMs: 5,
        });
      }
      return prompt;
    });
    const { sink, result } = run({
      task: task(3),
      model,
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 50 },
    });
    await result;
    const first = sink.samples.find((record) => record.id === 's0');
    expect(first?.error).toBeUndefined();
    expect(first?.scores.includes?.value).toBe(1);
    const attempts = first?.events.filter((event) => event.type === 'model-call') ?? [];
    expect(attempts.map((event) => [event.attempt ?? 1, event.error?.reason ?? 'ok'])).toEqual([
      [1, 'overloaded'],
      [2, 'overloaded'],
      [3, 'ok'],
    ]);
    // Retry-After of 5 ms plus at most 10% jitter
    expect(attempts[0]?.retryInMs).toBeGreaterThanOrEqual(5);
  });

  it('stops with status error once errors pass the fail-on-error threshold', async () => {
    const model = new FakeModel(() => new Error('boom'));
    const { sink, result } = run({ task: task(100), model, maxConnections: 1, failOnError: 0.05 });
    const outcome = await result;
    expect(outcome.status).toBe('error');
    expect(outcome.erroredSamples).toBe(6); // threshold floor(0.05 * 100) = 5; the 6th stops it
    expect(sink.footer?.error?.message).toMatch(/more than the --fail-on-error limit of 5/);
  });

  it('on cancellation stops, logs no half-done sample, and closes the log as cancelled', async () => {
    const controller = new AbortController();
    const model = new FakeModel((prompt) => prompt, 20);
    const { sink, result } = run({
      task: task(200),
      model,
      maxConnections: 4,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.completed === 10) controller.abort(new Error('user'));
      },
    });
    const outcome = await result;
    expect(outcome.status).toBe('cancelled');
    expect(sink.footer?.status).toBe('cancelled');
    expect(sink.samples.length).toBeGreaterThanOrEqual(10);
    expect(sink.samples.length).toBeLessThan(200);
    expect(sink.samples.every((record) => record.error === undefined)).toBe(true);
    expect(outcome.completedSamples).toBe(sink.samples.length);
  });

  it('ends a sample at its time limit and still scores it', async () => {
    const model = new FakeModel((prompt) => prompt, 1_000);
    const { sink, result } = run({ task: task(2, { limits: { timeSeconds: 0.05 } }), model });
    const outcome = await result;
    expect(outcome.erroredSamples).toBe(0);
    for (const record of sink.samples) {
      expect(record.limit).toEqual({ kind: 'time', limit: 0.05 });
      expect(record.scores.includes?.value).toBe(0);
      expect(record.events.some((event) => event.type === 'sample-limit')).toBe(true);
    }
  });

  it('runs epochs, reduces them per sample, and seeds each sample-epoch reproducibly', async () => {
    const model = new FakeModel((prompt, request) =>
      (request.config.seed ?? 0) % 2 === 0 ? prompt : 'miss',
    );
    const first = run({ task: task(30, { epochs: 4, reducer: 'pass_at_2' }), model, seed: 7 });
    await first.result;
    const seeds = (sink: MemoryLogSink) =>
      sink.samples
        .map((record) => {
          const event = record.events[0];
          return `${record.id}/${record.epoch}:${event?.type === 'model-call' ? String(event.config.seed) : ''}`;
        })
        .sort();
    const again = run({
      task: task(30, { epochs: 4, reducer: 'pass_at_2' }),
      model: new FakeModel(),
      seed: 7,
    });
    await again.result;
    expect(seeds(first.sink)).toEqual(seeds(again.sink));
    expect(first.sink.samples).toHaveLength(120);
    expect(new Set(first.sink.samples.map((record) => `${record.id}/${record.epoch}`)).size).toBe(
      120,
    );
    expect(first.sink.header?.config.epochs).toBe(4);
    expect(first.sink.footer?.results.scorers[0]?.reducer).toBe('pass_at_2');
    // pass@2 from the records by hand: per sample c correct of n = 4, 1 - C(4-c,2)/C(4,2).
    const choose2 = (n: number) => (n * (n - 1)) / 2;
    const perSample = new Map<string, number>();
    for (const record of first.sink.samples) {
      perSample.set(
        record.id,
        (perSample.get(record.id) ?? 0) + (record.scores.includes?.value ?? 0),
      );
    }
    const expected =
      [...perSample.values()].reduce((sum, c) => sum + 1 - choose2(4 - c) / choose2(4), 0) / 30;
    expect(first.sink.footer?.results.scorers[0]?.metrics.accuracy?.value).toBeCloseTo(
      expected,
      12,
    );
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(1);
  });

  it('tells the model which sample a call is for, with its reference solution', async () => {
    const model = new FakeModel();
    const reference = { kind: 'answer', answer: '42' } as const;
    const dataset = {
      name: 'test',
      location: 'memory',
      samples: [{ id: 'only', input: 'q', target: '42', metadata: { tier: 'easy' }, reference }],
    };
    await run({ task: task(1, { dataset }), model, epochs: 2 }).result;
    const seen = model.options.map((options) => options?.sample);
    expect(seen).toHaveLength(2);
    expect(seen.map((sample) => sample?.epoch).sort()).toEqual([1, 2]);
    expect(seen[0]).toMatchObject({ id: 'only', metadata: { tier: 'easy' }, reference });
  });

  it('runs samples in dataset order', async () => {
    const model = new FakeModel();
    const { result } = run({ task: task(12), model, maxConnections: 1 });
    await result;
    expect(model.requests.map((request) => request.messages[0]?.content)).toEqual(
      samples(12).map((sample) => sample.input),
    );
  });
});
