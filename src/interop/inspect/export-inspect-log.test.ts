import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { readVigilLog } from '../../../test/support/log-files.js';
import { useTempDir } from '../../../test/support/temp-dir.js';
import { InputError } from '../../core/errors/input-error.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { runEval } from '../../core/runner/run-eval.js';
import { includes } from '../../core/scorers/includes.js';
import type { Scorer } from '../../core/scorers/scorer.js';
import type { Solver } from '../../core/solvers/solver.js';
import { completionText } from '../../core/task/task-state.js';
import { defineTask } from '../../core/task/task.js';
import { JsonlLogSink } from '../../log-files/jsonl-log-sink.js';
import { exportInspectLog } from './export-inspect-log.js';
import { importInspectLog } from './import-inspect-log.js';
import { parseInspectJson } from './inspect-json.js';
import type {
  InspectEvalLogHeader,
  InspectEvalSample,
  InspectSampleReductions,
} from './inspect-types.js';
import { ZipReader } from './zip-reader.js';

/** Inspect's published schema, in the shared folder beside the repository (see its SOURCE.md). */
const openapiPath = fileURLToPath(
  new URL('../../../../shared/interop/inspect/inspect-openapi.json', import.meta.url),
);
const schemaId = 'https://vigil.invalid/inspect-openapi.json';

const dir = useTempDir('vigil-inspect-');

/** Answers from the prompt: a tool call for "tool" questions, an error for "explode". */
class ToolModel implements ModelApi {
  readonly name = 'fake/tool-model';
  readonly #seen = new Map<string, number>();

  generate(request: ModelRequest): Promise<ModelOutput> {
    const last = request.messages.at(-1);
    const usage = { inputTokens: 7, outputTokens: 3, totalTokens: 10 };
    const reply = (content: string, extra: Partial<ModelOutput['message']> = {}) =>
      Promise.resolve<ModelOutput>({
        model: this.name,
        message: { role: 'assistant', content, ...extra },
        stopReason: extra.toolCalls === undefined ? 'stop' : 'tool_calls',
        usage,
      });
    if (last?.role === 'tool') return reply('The answer is 42');
    const prompt = last?.content ?? '';
    if (prompt.includes('explode')) {
      return Promise.reject(
        new ModelApiError('upstream returned 503', {
          provider: 'fake',
          reason: 'overloaded',
          statusCode: 503,
          isRetryable: true,
          hint: 'try again later',
        }),
      );
    }
    if (prompt.includes('tool')) {
      return reply('', {
        toolCalls: [{ id: 'call-1', name: 'calculator', arguments: { expression: '6*7' } }],
      });
    }
    if (prompt.includes('France')) {
      const count = (this.#seen.get(prompt) ?? 0) + 1;
      this.#seen.set(prompt, count);
      return reply(count === 1 ? 'Paris' : 'Lyon');
    }
    return reply('4');
  }
}

/** Calls the model, answers its tool calls with "42", and calls it again, up to 3 turns. */
const toolLoop: Solver = async (state, generate) => {
  let current = await generate(state);
  for (let turn = 0; turn < 3; turn += 1) {
    const calls = current.output?.message.toolCalls ?? [];
    if (calls.length === 0) break;
    current = {
      ...current,
      messages: [
        ...current.messages,
        ...calls.map((call) => ({ role: 'tool' as const, content: '42', toolCallId: call.id })),
      ],
    };
    current = await generate(current);
  }
  return current;
};

/** A judge that cannot score the France question (value null) and explains itself. */
const judge: Scorer = {
  name: 'judge',
  score(state, targets) {
    const text = completionText(state);
    if (state.sample.id === 'france') {
      return Promise.resolve({ value: null, explanation: 'cannot judge geography' });
    }
    const right = targets.some((target) => text.includes(target));
    return Promise.resolve({
      value: right ? 1 : 0,
      answer: text,
      metadata: { checked: targets.length },
    });
  },
};

/** Runs a small task with 2 epochs, an errored sample and tool calls; returns the log path. */
async function writeVigilLog(): Promise<string> {
  const path = join(dir.path, 'run.vigil.jsonl');
  const task = defineTask({
    name: 'interop.demo',
    dataset: {
      name: 'demo',
      location: 'memory',
      samples: [
        {
          id: 'sum',
          input: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'What is 2+2?' },
          ],
          target: '4',
        },
        {
          id: 'france',
          input: 'Capital of France?',
          target: ['Paris'],
          metadata: { topic: 'geo' },
        },
        { id: 'tool', input: 'Use the tool to compute 6*7', target: '42' },
        { id: 'boom', input: 'please explode', target: 'x' },
        { id: 'choice', input: 'Pick 4: A) 3 B) 4', target: 'B', choices: ['3', '4'] },
      ],
    },
    solver: toolLoop,
    scorers: [includes(), judge],
    epochs: 2,
    config: { temperature: 0, maxTokens: 64 },
    limits: { messages: 20 },
  });
  const result = await runEval({
    task,
    model: new ToolModel(),
    sink: new JsonlLogSink(path),
    runId: 'run-1',
    vigil: { version: '9.9.9', gitRevision: 'abc123' },
    maxConnections: 1,
    failOnError: 0.5,
    seed: 7,
    retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterMs: 1 },
  });
  expect(result.status).toBe('success');
  expect(result.erroredSamples).toBe(2);
  return path;
}

type Validate = ((value: unknown) => boolean) & { errors?: unknown };
let validators: Record<string, Validate>;

beforeAll(() => {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
  const document = JSON.parse(readFileSync(openapiPath, 'utf8')) as Record<string, unknown>;
  ajv.addSchema({ ...document, $id: schemaId });
  const compile = (name: string): Validate => {
    const validate = ajv.getSchema(`${schemaId}#/components/schemas/${name}`);
    if (validate === undefined) throw new Error(`no schema ${name}`);
    return validate as Validate;
  };
  validators = Object.fromEntries(
    [
      'EvalLog',
      'EvalSample',
      'EvalSampleSummary',
      'EvalSampleReductions',
      'EvalSpec',
      'EvalPlan',
    ].map((name) => [name, compile(name)]),
  );
});

function expectValid(schema: string, value: unknown, what: string) {
  const validate = validators[schema]!;
  const ok = validate(value);
  expect(ok, `${what} against ${schema}: ${JSON.stringify(validate.errors, null, 1)}`).toBe(true);
}

describe('vigil log export --format inspect', () => {
  it('writes an archive whose members follow Inspect’s layout and validate against its schema', async () => {
    const log = await writeVigilLog();
    const out = join(dir.path, 'run.eval');
    const result = await exportInspectLog(log, out);
    expect(result).toEqual({ output: out, samples: 10, status: 'success' });

    const bytes = await readFile(out);
    // An independent reader (fflate) sees the same members as ours.
    const files = unzipSync(bytes);
    const reader = await ZipReader.open(out);
    const names = reader.entries.map((entry) => entry.name);
    expect(Object.keys(files).sort()).toEqual([...names].sort());
    expect(reader.entries.every((entry) => entry.method === 8)).toBe(true);
    await reader.close();

    const sampleNames = names.filter((name) => name.startsWith('samples/'));
    expect(sampleNames).toHaveLength(10);
    expect(sampleNames).toContain('samples/tool_epoch_2.json');
    expect(names).toEqual([
      '_journal/start.json',
      ...sampleNames,
      '_journal/summaries/1.json',
      'summaries.json',
      'reductions.json',
      'header.json',
    ]);
    const json = (name: string): unknown => parseInspectJson(new TextDecoder().decode(files[name]));

    // The validators are not vacuous: a sample without its required fields fails.
    expect(validators.EvalSample!({ id: 'x', epoch: 1 })).toBe(false);
    expect(validators.EvalLog!({ version: 2 })).toBe(false);

    const header = json('header.json') as InspectEvalLogHeader & { samples?: unknown };
    expectValid('EvalLog', header, 'header.json');
    expect(header.version).toBe(2);
    expect(header.status).toBe('success');
    expect(header.samples).toBeUndefined();
    expect(header.eval.task).toBe('interop.demo');
    expect(header.eval.run_id).toBe('run-1');
    expect(header.eval.model).toBe('fake/tool-model');
    expect(header.eval.dataset).toEqual({ name: 'demo', location: 'memory', samples: 5 });
    expect(header.eval.config).toMatchObject({ epochs: 2, epochs_reducer: ['mean'] });
    expect(header.eval.packages).toEqual({ vigil: '9.9.9' });
    expect(header.eval.revision).toMatchObject({ type: 'git', commit: 'abc123' });
    expect(header.stats.model_usage['fake/tool-model']!.total_tokens).toBeGreaterThan(0);
    const results = header.results!;
    const includesScore = results.scores.find((s) => s.name === 'includes')!;
    // 4 samples scored (boom errored): sum 1, france 0.5 (Paris then Lyon), tool 1, choice 0
    // (the model answers "4", the target is the letter B).
    expect(includesScore.metrics.accuracy!.value).toBeCloseTo(2.5 / 4, 12);
    expect(includesScore.metrics.stderr!.value).toBeGreaterThan(0);
    expect(includesScore.metrics.ci95_lower!.value).toBeLessThan(2.5 / 4);
    expect(includesScore.metadata).toMatchObject({
      vigil_intervals: { accuracy: { ci_method: 'wilson' } },
    });
    expect(results.total_samples).toBe(10);
    expect(results.completed_samples).toBe(8);
    const judgeScore = results.scores.find((s) => s.name === 'judge')!;
    expect(judgeScore.unscored_samples).toBe(1);

    const start = json('_journal/start.json') as Record<string, unknown>;
    expect(start.version).toBe(2);
    expectValid('EvalSpec', start.eval, 'start.json eval');
    expectValid('EvalPlan', start.plan, 'start.json plan');

    for (const name of sampleNames) expectValid('EvalSample', json(name), name);
    const summaries = json('summaries.json') as unknown[];
    expect(summaries).toHaveLength(10);
    for (const summary of summaries) expectValid('EvalSampleSummary', summary, 'summary');
    expect(json('_journal/summaries/1.json')).toEqual(summaries);
    const reductions = json('reductions.json') as InspectSampleReductions[];
    for (const reduction of reductions) expectValid('EvalSampleReductions', reduction, 'reduction');
    const franceJudge = reductions
      .find((r) => r.scorer === 'judge')
      ?.samples.find((s) => s.sample_id === 'france');
    expect(franceJudge?.value).toBeNaN();

    const tool = json('samples/tool_epoch_1.json') as InspectEvalSample;
    expect(tool.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    expect(tool.messages[1]).toHaveProperty('tool_calls', [
      { id: 'call-1', function: 'calculator', arguments: { expression: '6*7' }, type: 'function' },
    ]);
    expect(tool.messages[2]).toMatchObject({ tool_call_id: 'call-1', function: 'calculator' });
    expect(tool.output.completion).toBe('The answer is 42');
    expect(tool.events.map((e) => e.event)).toEqual(['model', 'model', 'score', 'score']);
    expect(tool.events[1]).toHaveProperty('input.length', 3);
    expect(typeof tool.events[0]?.timestamp).toBe('string');

    const boom = json('samples/boom_epoch_1.json') as InspectEvalSample;
    expect(boom.error?.message).toBe('upstream returned 503');
    expect(boom.error?.traceback).toMatch(/^ModelApiError: upstream returned 503/);
    // One retry: two failed model calls, then the error; Vigil's retry bookkeeping rides along.
    expect(boom.events.map((e) => e.event)).toEqual(['model', 'model', 'error']);
    expect(boom.events[0]).toHaveProperty('error', 'upstream returned 503');
    expect(boom.events[0]?.metadata).toHaveProperty('vigil_attempt.retryInMs');
    expect(boom.events[1]?.metadata?.vigil_attempt).toEqual({ attempt: 2 });
    expect(boom.events[2]?.metadata?.vigil_error).toMatchObject({
      statusCode: 503,
      retryable: true,
    });

    // Vigil's "could not score" is Inspect's unscored sentinel, written as the constant NaN.
    const franceText = new TextDecoder().decode(files['samples/france_epoch_1.json']);
    expect(franceText).toContain('"judge":{"value":NaN');
  });

  it('exports a log without a footer as status started and never overwrites', async () => {
    const log = await writeVigilLog();
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    const partial = join(dir.path, 'partial.vigil.jsonl');
    await writeFile(partial, `${lines.slice(0, 5).join('\n')}\n`);
    const out = join(dir.path, 'partial.eval');
    expect(await exportInspectLog(partial, out)).toMatchObject({ samples: 4, status: 'started' });
    const header = parseInspectJson(
      new TextDecoder().decode(unzipSync(await readFile(out))['header.json']),
    ) as InspectEvalLogHeader;
    expectValid('EvalLog', header, 'header.json');
    expect(header.stats.completed_at).toBe('');

    await expect(exportInspectLog(partial, out)).rejects.toThrow(/already exists/);
    await expect(
      exportInspectLog(join(dir.path, 'missing.vigil.jsonl'), join(dir.path, 'x.eval')),
    ).rejects.toBeInstanceOf(InputError);
  });

  it('round-trips Vigil → Inspect → Vigil: ids, epochs, messages, outputs, scores and metrics', async () => {
    const log = await writeVigilLog();
    const archive = join(dir.path, 'run.eval');
    await exportInspectLog(log, archive);
    const back = join(dir.path, 'back.vigil.jsonl');
    const result = await importInspectLog(archive, back, { vigil: { version: 'importer' } });
    expect(result).toEqual({ output: back, samples: 10, status: 'success' });

    const original = await readVigilLog(log);
    const restored = await readVigilLog(back);
    expect(restored.header).toEqual(original.header);
    expect(restored.samples.map((s) => [s.id, s.epoch])).toEqual(
      original.samples.map((s) => [s.id, s.epoch]),
    );
    // Every sample record comes back whole: messages, tool calls, outputs, scores (null
    // included), events, usage, timings and the error with its retryability and status.
    expect(restored.samples).toEqual(original.samples);
    expect(restored.footer?.status).toBe('success');
    expect(restored.footer?.results).toEqual(original.footer?.results);
    expect(restored.footer?.usage).toEqual(original.footer?.usage);
  });
});
