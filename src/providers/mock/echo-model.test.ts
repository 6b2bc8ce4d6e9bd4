import { describe, expect, it } from 'vitest';
import { assistant, request, user } from '../../../test/support/chat-request.js';
import { rejection } from '../../../test/support/errors.js';
import { createEchoModel } from './echo-model.js';
import { estimateTokens } from './estimate-tokens.js';

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
    const error = await rejection(() =>
      createEchoModel().generate(request(user('hi')), { signal: controller.signal }),
    );
    expect((error as Error).name).toBe('AbortError');
  });
});
