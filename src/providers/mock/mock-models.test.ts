import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors/input-error.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import { parseModelArgs, redactModelArgs } from '../model-args.js';
import { resolveModel } from '../resolve-model.js';
import { createEchoModel } from './echo-model.js';
import { estimateTokens } from './estimate-tokens.js';
import { mockScriptSchema } from './mock-script.js';
import { createScriptedModel } from './scripted-model.js';

function request(...messages: readonly ChatMessage[]): ModelRequest {
  return { messages, config: {} };
}

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

/** The error a call fails with, whether it throws or rejects. */
async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function scripted(script: unknown): ModelApi {
  return createScriptedModel(mockScriptSchema.parse(script), 'test-script.yaml');
}

describe('estimateTokens', () => {
  it('counts about four characters a token, at least one for non-empty text', () => {
    expect([0, 1, 4, 5, 8, 9].map((length) => estimateTokens('x'.repeat(length)))).toEqual([
      0, 1, 1, 2, 2, 3,
    ]);
  });
});

describe('createEchoModel', () => {
  it('answers with the last user message and reports estimated usage', async () => {
    const model = createEchoModel();
    expect(model.name).toBe('mock/echo');
    const output = await model.generate(
      request(
        { role: 'system', content: 'You are terse.' },
        user('first'),
        assistant('ok'),
        user('hello world'),
      ),
    );
    expect(output.model).toBe('mock/echo');
    expect(output.message).toEqual({ role: 'assistant', content: 'hello world' });
    expect(output.stopReason).toBe('stop');
    // input: (4 + 4) + (4 + 2) + (4 + 1) + (4 + 3) = 26; output: ceil(11 / 4) = 3
    expect(output.usage).toEqual({ inputTokens: 26, outputTokens: 3, totalTokens: 29 });
  });

  it('answers "" when there is no user message', async () => {
    const output = await createEchoModel().generate(request({ role: 'system', content: 'S' }));
    expect(output.message.content).toBe('');
    expect(output.usage).toEqual({ inputTokens: 5, outputTokens: 0, totalTokens: 5 });
  });

  it('refuses an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await failure(() =>
      createEchoModel().generate(request(user('hi')), { signal: controller.signal }),
    );
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('createScriptedModel', () => {
  const script = {
    rules: [
      { contains: 'capital of France', turns: [{ content: 'Paris' }] },
      { match: '^Add (\\d+)', turns: [{ content: 'sum' }, { content: 'again' }] },
      { contains: 'France', turns: [{ content: 'second France rule' }] },
    ],
    default: [{ content: 'I do not know.' }],
  };

  it('picks the first rule whose contains or match fits the first user message', async () => {
    const model = scripted(script);
    expect(model.name).toBe('mock/scripted');
    const paris = await model.generate(request(user('What is the capital of France?')));
    expect(paris.message).toEqual({ role: 'assistant', content: 'Paris' });
    expect(paris.stopReason).toBe('stop');
    expect(paris.model).toBe('mock/scripted');
    expect((await model.generate(request(user('Add 2 and 3')))).message.content).toBe('sum');
    expect((await model.generate(request(user('Please Add 2')))).message.content).toBe(
      'I do not know.',
    );
    expect((await model.generate(request(user('France')))).message.content).toBe(
      'second France rule',
    );
  });

  it('matches on the first user message, not the last', async () => {
    const model = scripted(script);
    const output = await model.generate(
      request(
        { role: 'system', content: 'capital of France' },
        user('Add 1 and 1'),
        assistant('sum'),
        user('What is the capital of France?'),
      ),
    );
    expect(output.message.content).toBe('again');
  });

  it('uses turn N for the Nth assistant turn and fails once turns run out', async () => {
    const model = scripted(script);
    expect((await model.generate(request(user('Add 1')))).message.content).toBe('sum');
    expect(
      (await model.generate(request(user('Add 1'), assistant('x'), user('more')))).message.content,
    ).toBe('again');
    const error = await failure(() =>
      model.generate(
        request(user('Add 1'), assistant('x'), user('more'), assistant('y'), user('more')),
      ),
    );
    expect(error).toBeInstanceOf(ModelApiError);
    expect((error as ModelApiError).message).toBe(
      'script test-script.yaml has 2 turns; call 3 has none',
    );
    expect((error as ModelApiError).isRetryable).toBe(false);
  });

  it('fails when no rule fits and there is no default', async () => {
    const model = scripted({ rules: [{ contains: 'x', turns: [{ content: 'y' }] }] });
    const error = await failure(() => model.generate(request(user('nothing here'))));
    expect(error).toBeInstanceOf(ModelApiError);
    expect((error as ModelApiError).message).toContain('no rule for this prompt and no default');
    expect((error as ModelApiError).hint).toContain('"nothing here"');
  });

  it('returns tool calls with ids, default arguments and stop reason tool_calls', async () => {
    const model = scripted({
      default: [
        {
          tool_calls: [{ name: 'bash', arguments: { cmd: 'ls -la' } }, { name: 'list_files' }],
        },
      ],
    });
    const output = await model.generate(
      request({ role: 'system', content: 'S' }, user('look around')),
    );
    expect(output.stopReason).toBe('tool_calls');
    expect(output.message).toEqual({
      role: 'assistant',
      content: '',
      toolCalls: [
        { id: 'call_2_0', name: 'bash', arguments: { cmd: 'ls -la' } },
        { id: 'call_2_1', name: 'list_files', arguments: {} },
      ],
    });
  });

  it('returns text and tool calls together', async () => {
    const model = scripted({
      default: [{ content: 'Let me check.', tool_calls: [{ name: 'search', arguments: {} }] }],
    });
    const output = await model.generate(request(user('q')));
    expect(output.message.content).toBe('Let me check.');
    expect(output.message.toolCalls).toEqual([{ id: 'call_1_0', name: 'search', arguments: {} }]);
    expect(output.stopReason).toBe('tool_calls');
  });

  it('throws a ModelApiError from an error turn', async () => {
    const model = scripted({
      rules: [
        {
          contains: 'busy',
          turns: [{ error: { message: 'rate limited', status: 429, retryable: true } }],
        },
        { contains: 'bad', turns: [{ error: { message: 'bad request' } }] },
      ],
    });
    const busy = await failure(() => model.generate(request(user('busy?'))));
    expect(busy).toBeInstanceOf(ModelApiError);
    expect(busy).toMatchObject({
      message: 'rate limited',
      statusCode: 429,
      isRetryable: true,
      provider: 'mock/scripted',
    });
    const bad = await failure(() => model.generate(request(user('bad'))));
    expect(bad).toBeInstanceOf(ModelApiError);
    expect(bad).toMatchObject({ message: 'bad request', isRetryable: false });
    expect((bad as ModelApiError).statusCode).toBeUndefined();
  });

  it('reports usage estimated from the request and the reply', async () => {
    const output = await scripted({ default: [{ content: 'abcdefgh' }] }).generate(
      request(user('12345')),
    );
    // input: 4 + ceil(5 / 4) = 6; output: ceil(8 / 4) = 2
    expect(output.usage).toEqual({ inputTokens: 6, outputTokens: 2, totalTokens: 8 });
  });

  it('waits delay_ms before answering', async () => {
    const model = scripted({ default: [{ content: 'late', delay_ms: 120 }] });
    const started = performance.now();
    const output = await model.generate(request(user('q')));
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(output.message.content).toBe('late');
  });

  it('stops waiting when the signal aborts', async () => {
    const model = scripted({ default: [{ content: 'never', delay_ms: 60_000 }] });
    const controller = new AbortController();
    const started = performance.now();
    const pending = failure(() =>
      model.generate(request(user('q')), { signal: controller.signal }),
    );
    setTimeout(() => {
      controller.abort();
    }, 20);
    const error = await pending;
    expect((error as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses a signal that is already aborted, before reading the script', async () => {
    const model = scripted({ default: [{ error: { message: 'should not be reached' } }] });
    const controller = new AbortController();
    controller.abort();
    const error = await failure(() =>
      model.generate(request(user('q')), { signal: controller.signal }),
    );
    expect(error).not.toBeInstanceOf(ModelApiError);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('mockScriptSchema', () => {
  it.each([
    ['an empty script', {}],
    [
      'a rule with both match and contains',
      { rules: [{ match: 'a', contains: 'a', turns: [{ content: 'x' }] }] },
    ],
    ['a rule with neither match nor contains', { rules: [{ turns: [{ content: 'x' }] }] }],
    ['a rule without turns', { rules: [{ contains: 'a', turns: [] }] }],
    ['an empty turn', { default: [{ delay_ms: 5 }] }],
    ['an unknown turn key', { default: [{ content: 'x', text: 'y' }] }],
    ['an out-of-range status', { default: [{ error: { message: 'x', status: 700 } }] }],
    ['a negative delay', { default: [{ content: 'x', delay_ms: -1 }] }],
  ])('rejects %s', (_, script) => {
    expect(mockScriptSchema.safeParse(script).success).toBe(false);
  });
});

describe('resolveModel', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-mock-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(name: string, text: string): Promise<string> {
    const path = join(dir, name);
    await writeFile(path, text, 'utf8');
    return path;
  }

  async function inputError(run: () => Promise<unknown>): Promise<InputError> {
    const error = await failure(run);
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it('builds mock/echo', async () => {
    const model = await resolveModel('mock/echo', {});
    expect(model.name).toBe('mock/echo');
    expect((await model.generate(request(user('ping')))).message.content).toBe('ping');
  });

  it('builds mock/scripted from a YAML script', async () => {
    const path = await write(
      'script.yaml',
      [
        'rules:',
        "  - match: 'prime'",
        '    turns:',
        '      - content: "ANSWER: 7"',
        'default:',
        '  - content: fallback',
      ].join('\n'),
    );
    const model = await resolveModel('mock/scripted', { script: path });
    expect(model.name).toBe('mock/scripted');
    expect((await model.generate(request(user('a prime?')))).message.content).toBe('ANSWER: 7');
    expect((await model.generate(request(user('other')))).message.content).toBe('fallback');
  });

  it('builds mock/scripted from a JSON script', async () => {
    const path = await write('script.json', JSON.stringify({ default: [{ content: 'json' }] }));
    const model = await resolveModel('mock/scripted', { script: path });
    expect((await model.generate(request(user('q')))).message.content).toBe('json');
  });

  it('asks for a script when mock/scripted has none', async () => {
    const error = await inputError(() => resolveModel('mock/scripted', {}));
    expect(error.message).toContain('needs a script');
    expect(error.hint).toContain('-M script=');
  });

  it('names the file and the field of an invalid script', async () => {
    const path = await write(
      'bad.yaml',
      'rules:\n  - contains: x\n    turns:\n      - delay_ms: 5\n',
    );
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field rules[0].turns[0]');
    expect(error.message).toContain('a turn needs content, tool_calls or error');
  });

  it('names the file and the field of an unknown key', async () => {
    const path = await write('typo.yaml', 'default:\n  - content: x\n    delay: 5\n');
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field default[0]');
    expect(error.message).toContain('"delay"');
  });

  it('names the file and the field of an invalid regex', async () => {
    const path = await write(
      'regex.yaml',
      "rules:\n  - match: '(unclosed'\n    turns:\n      - content: x\n",
    );
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field rules[0].match: not a valid regular expression');
  });

  it('names a script file that does not exist', async () => {
    const path = join(dir, 'missing.yaml');
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('no such file');
  });

  it('names a script with a YAML syntax error', async () => {
    const path = await write('syntax.yaml', 'default: [\n');
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('is not valid YAML');
  });

  it.each(['echo', 'mock/', '/echo', ''])('rejects %j as not provider/model', async (name) => {
    const error = await inputError(() => resolveModel(name, {}));
    expect(error.message).toContain('is not provider/model');
  });

  it('lists the providers for an unknown provider', async () => {
    const error = await inputError(() => resolveModel('acme/gpt-4o', {}));
    expect(error.message).toContain('unknown model provider "acme"');
    expect(error.hint).toBe('use one of: mock, openai, anthropic');
  });

  it('lists the models of the provider for an unknown model', async () => {
    const error = await inputError(() => resolveModel('mock/parrot', {}));
    expect(error.message).toContain('unknown model "mock/parrot"');
    expect(error.hint).toBe('mock has: mock/echo, mock/scripted');
  });
});

describe('parseModelArgs', () => {
  it('splits key=value at the first =', () => {
    expect(parseModelArgs(['script=a.yaml', 'expr=a=b', 'empty='])).toEqual({
      script: 'a.yaml',
      expr: 'a=b',
      empty: '',
    });
  });

  it('lets a later flag win', () => {
    expect(parseModelArgs(['k=1', 'k=2'])).toEqual({ k: '2' });
  });

  it('returns an empty record for no flags', () => {
    expect(parseModelArgs([])).toEqual({});
  });

  it.each(['script', '=value', ''])('rejects %j', (flag) => {
    let caught: unknown;
    try {
      parseModelArgs([flag]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).message).toBe(`model argument "${flag}" is not key=value`);
    expect((caught as InputError).hint).toContain('-M key=value');
  });
});

describe('redactModelArgs', () => {
  it('masks secret-looking keys and keeps the rest', () => {
    const args = {
      api_key: 'sk-1',
      ACCESS_TOKEN: 't',
      client_secret: 's',
      password: 'p',
      credentials: 'c',
      Authorization: 'a',
      script: 'x.yaml',
      temperature: '0',
    };
    expect(redactModelArgs(args)).toEqual({
      api_key: '[redacted]',
      ACCESS_TOKEN: '[redacted]',
      client_secret: '[redacted]',
      password: '[redacted]',
      credentials: '[redacted]',
      Authorization: '[redacted]',
      script: 'x.yaml',
      temperature: '0',
    });
    expect(args.api_key).toBe('sk-1');
  });
});
