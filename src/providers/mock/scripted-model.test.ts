import { describe, expect, it } from 'vitest';
import { assistant, request, user } from '../../../test/support/chat-request.js';
import { rejection } from '../../../test/support/errors.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelApi } from '../../core/model/model-api.js';
import { mockScriptSchema } from './mock-script.js';
import { createScriptedModel } from './scripted-model.js';

function scripted(script: unknown): ModelApi {
  return createScriptedModel(mockScriptSchema.parse(script), 'test-script.yaml');
}

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
    const error = await rejection(() =>
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
    const error = await rejection(() => model.generate(request(user('nothing here'))));
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
    const busy = await rejection(() => model.generate(request(user('busy?'))));
    expect(busy).toBeInstanceOf(ModelApiError);
    expect(busy).toMatchObject({
      message: 'rate limited',
      statusCode: 429,
      isRetryable: true,
      provider: 'mock/scripted',
    });
    const bad = await rejection(() => model.generate(request(user('bad'))));
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
    const pending = rejection(() =>
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
    const error = await rejection(() =>
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
