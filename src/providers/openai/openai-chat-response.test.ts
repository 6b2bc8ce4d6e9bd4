import { describe, expect, it } from 'vitest';
import { providerFixture as fixture } from '../../../test/support/provider-fixture.js';
import { parseOpenAiChatResponse } from './openai-chat-response.js';

const notJson = 'the body is not JSON (truncated or not an API response)';

describe('parseOpenAiChatResponse', () => {
  it('reads a plain text answer with its usage and the model the server names', () => {
    expect(parseOpenAiChatResponse(fixture('openai-chat-text.json'), 'gpt-4o-mini')).toStrictEqual({
      model: 'gpt-4o-mini-2024-07-18',
      message: { role: 'assistant', content: 'SSH listens on TCP port 22.\n\nANSWER: B' },
      stopReason: 'stop',
      usage: { inputTokens: 57, outputTokens: 14, totalTokens: 71 },
    });
  });

  it('reads tool calls, parsing their JSON arguments (an empty string is no arguments)', () => {
    expect(parseOpenAiChatResponse(fixture('openai-chat-tool-calls.json'), 'gpt-4o')).toStrictEqual(
      {
        model: 'gpt-4o-2024-08-06',
        message: {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'call_Xq3t9pZ2uV6wY8bN1mK4jL7h',
              name: 'port_scan',
              arguments: { host: '10.0.0.5', ports: [22, 443], timeout_s: 2.5 },
            },
            { id: 'call_A1b2C3d4E5f6G7h8I9j0K1l2', name: 'list_hosts', arguments: {} },
          ],
        },
        stopReason: 'tool_calls',
        usage: { inputTokens: 213, outputTokens: 48, totalTokens: 261 },
      },
    );
  });

  it('keeps tool calls with broken arguments, marked with a parseError', () => {
    const output = parseOpenAiChatResponse(fixture('openai-chat-broken-arguments.json'), 'qwen');
    if (typeof output === 'string') throw new Error(output);
    expect(output.model).toBe('Qwen/Qwen2.5-7B-Instruct');
    expect(output.message.content).toBe('Let me run the tools.');
    expect(output.stopReason).toBe('tool_calls');
    expect(output.usage).toStrictEqual({ inputTokens: 301, outputTokens: 41, totalTokens: 342 });
    const [truncated, array, good] = output.message.toolCalls ?? [];
    expect(output.message.toolCalls).toHaveLength(3);
    expect(truncated).toMatchObject({
      id: 'chatcmpl-tool-1f0e2d3c4b5a',
      name: 'port_scan',
      arguments: {},
    });
    expect(truncated?.parseError).toMatch(/^arguments are not valid JSON: ./);
    expect(array).toStrictEqual({
      id: 'chatcmpl-tool-6a7b8c9d0e1f',
      name: 'port_scan',
      arguments: {},
      parseError: 'arguments are not a JSON object',
    });
    expect(good).toStrictEqual({
      id: 'chatcmpl-tool-2b3c4d5e6f70',
      name: 'list_hosts',
      arguments: { subnet: '10.0.0.0/24' },
    });
  });

  it('maps finish_reason length to max_tokens', () => {
    const output = parseOpenAiChatResponse(fixture('openai-chat-length.json'), 'gpt-4o-mini');
    if (typeof output === 'string') throw new Error(output);
    expect(output.stopReason).toBe('max_tokens');
    expect(output.message.content).toBe('To exploit this weakness an attacker would first');
    expect(output.usage).toStrictEqual({ inputTokens: 88, outputTokens: 8, totalTokens: 96 });
  });

  it('counts zero tokens when the server sends no usage', () => {
    expect(parseOpenAiChatResponse(fixture('openai-chat-no-usage.json'), 'local')).toStrictEqual({
      model: 'llama-3.1-8b-instruct-q4_k_m.gguf',
      message: { role: 'assistant', content: 'ANSWER: C' },
      stopReason: 'stop',
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    });
  });

  it('falls back to the requested model, the refusal text and an unknown stop reason', () => {
    const body = JSON.stringify({
      choices: [
        {
          message: { role: 'assistant', content: null, refusal: 'I can’t help with that.' },
          finish_reason: 'eos_token',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 6 },
    });
    expect(parseOpenAiChatResponse(body, 'requested-model')).toStrictEqual({
      model: 'requested-model',
      message: { role: 'assistant', content: 'I can’t help with that.' },
      stopReason: 'unknown',
      usage: { inputTokens: 10, outputTokens: 6, totalTokens: 16 },
    });
  });

  it.each([
    ['content_filter', 'content_filter'],
    ['function_call', 'tool_calls'],
    ['stop', 'stop'],
  ])('maps finish_reason %s to %s', (finishReason, stopReason) => {
    const body = JSON.stringify({
      choices: [{ message: { content: 'x' }, finish_reason: finishReason }],
    });
    const output = parseOpenAiChatResponse(body, 'm');
    if (typeof output === 'string') throw new Error(output);
    expect(output.stopReason).toBe(stopReason);
  });

  it('describes choices: [] as a problem instead of an output', () => {
    const output = parseOpenAiChatResponse(fixture('openai-chat-empty-choices.json'), 'gpt-4o');
    expect(typeof output).toBe('string');
    expect(output).toMatch(/choices is empty$/);
  });

  it.each([
    ['an HTML page', 'openai-chat-html.txt'],
    ['truncated JSON', 'openai-chat-truncated.txt'],
  ])('describes %s as a body that is not JSON', (_label, name) => {
    expect(parseOpenAiChatResponse(fixture(name), 'gpt-4o-mini')).toBe(notJson);
  });

  it('describes an empty body and a body of the wrong shape', () => {
    expect(parseOpenAiChatResponse('', 'm')).toBe('the body is empty');
    // the wording may change; what matters is a string naming the bad field
    expect(parseOpenAiChatResponse('{"object":"list","data":[]}', 'm')).toMatch(/^choices\b/);
    expect(
      parseOpenAiChatResponse(
        '{"choices":[{"message":{"content":42},"finish_reason":"stop"}]}',
        'm',
      ),
    ).toMatch(/^choices\.0\.message\.content\b/);
    expect(typeof parseOpenAiChatResponse('[1,2]', 'm')).toBe('string');
  });
});
