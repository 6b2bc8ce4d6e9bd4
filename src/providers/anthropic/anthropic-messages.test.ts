import { describe, expect, it } from 'vitest';
import { useEndpointHarness } from '../../../test/support/endpoint-harness.js';
import { apiError } from '../../../test/support/errors.js';
import { answerFor } from '../../../test/support/fault-server.js';
import { providerFixture as fixture } from '../../../test/support/provider-fixture.js';
import { recordingTransport } from '../../../test/support/recording-transport.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import type { ToolChoice } from '../../core/model/tool.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import {
  createAnthropicMessagesModel,
  type AnthropicSettings,
} from './anthropic-messages-model.js';
import { anthropicMessagesBody, defaultAnthropicMaxTokens } from './anthropic-messages-request.js';
import { parseAnthropicMessagesResponse } from './anthropic-messages-response.js';

const portScan = {
  name: 'port_scan',
  description: 'Scan TCP ports on a host.',
  parameters: { type: 'object', properties: { host: { type: 'string' } }, required: ['host'] },
};

describe('anthropicMessagesBody', () => {
  it('joins system messages, merges tool results into one user turn and maps tool use', () => {
    const request: ModelRequest = {
      messages: [
        { role: 'system', content: 'You are a careful analyst.' },
        { role: 'user', content: 'Which ports are open on 10.0.0.5?' },
        {
          role: 'assistant',
          content: 'Scanning.',
          toolCalls: [
            {
              id: 'toolu_01',
              name: 'port_scan',
              arguments: { host: '10.0.0.5', ports: [22, 443] },
            },
            { id: 'toolu_02', name: 'whois', arguments: { domain: 'example.com' } },
          ],
        },
        { role: 'tool', toolCallId: 'toolu_01', content: '22/tcp open ssh' },
        { role: 'tool', toolCallId: 'toolu_02', content: 'lookup failed', error: 'timeout' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'toolu_03', name: 'whois', arguments: {} }],
        },
        { role: 'tool', toolCallId: 'toolu_03', content: 'no data' },
        { role: 'user', content: 'Summarise.' },
        { role: 'system', content: 'Answer in one line.' },
        { role: 'assistant', content: 'Port 22 is open.' },
        { role: 'user', content: 'Which service?' },
      ],
      tools: [portScan],
      toolChoice: 'required',
      config: { temperature: 0, topP: 0.5, stopSequences: ['END'], seed: 42 },
    };

    expect(JSON.parse(anthropicMessagesBody('claude-sonnet-4-5', request))).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      system: 'You are a careful analyst.\n\nAnswer in one line.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Which ports are open on 10.0.0.5?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Scanning.' },
            {
              type: 'tool_use',
              id: 'toolu_01',
              name: 'port_scan',
              input: { host: '10.0.0.5', ports: [22, 443] },
            },
            { type: 'tool_use', id: 'toolu_02', name: 'whois', input: { domain: 'example.com' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_01', content: '22/tcp open ssh' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_02',
              content: 'lookup failed',
              is_error: true,
            },
          ],
        },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'toolu_03', name: 'whois', input: {} }],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_03', content: 'no data' },
            { type: 'text', text: 'Summarise.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'text', text: 'Port 22 is open.' }] },
        { role: 'user', content: [{ type: 'text', text: 'Which service?' }] },
      ],
      tools: [
        {
          name: 'port_scan',
          description: 'Scan TCP ports on a host.',
          input_schema: {
            type: 'object',
            properties: { host: { type: 'string' } },
            required: ['host'],
          },
        },
      ],
      tool_choice: { type: 'any' },
      temperature: 0,
      top_p: 0.5,
      stop_sequences: ['END'],
    });
  });

  it('defaults max_tokens to 4096 and sends no system, tools or sampling keys unless set', () => {
    expect(defaultAnthropicMaxTokens).toBe(4096);
    const body = anthropicMessagesBody('claude-haiku-4-5', {
      messages: [{ role: 'user', content: 'hi' }],
      toolChoice: 'auto',
      config: {},
    });
    expect(JSON.parse(body)).toStrictEqual({
      model: 'claude-haiku-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    });
  });

  it('uses the task’s max_tokens when it sets one', () => {
    const body = JSON.parse(
      anthropicMessagesBody('m', {
        messages: [{ role: 'user', content: 'x' }],
        config: { maxTokens: 32 },
      }),
    ) as { max_tokens: unknown };
    expect(body.max_tokens).toBe(32);
  });

  it.each<[ToolChoice, unknown]>([
    ['auto', { type: 'auto' }],
    ['none', { type: 'none' }],
    ['required', { type: 'any' }],
    [{ name: 'port_scan' }, { type: 'tool', name: 'port_scan' }],
  ])('maps tool choice %j to %j', (choice, expected) => {
    const body = JSON.parse(
      anthropicMessagesBody('m', {
        messages: [{ role: 'user', content: 'x' }],
        tools: [portScan],
        toolChoice: choice,
        config: {},
      }),
    ) as { tool_choice: unknown };
    expect(body.tool_choice).toStrictEqual(expected);
  });
});

describe('parseAnthropicMessagesResponse', () => {
  it('joins text blocks, collects tool_use blocks and skips thinking blocks', () => {
    expect(
      parseAnthropicMessagesResponse(fixture('anthropic-messages-tool-use.json'), 'claude'),
    ).toStrictEqual({
      model: 'claude-sonnet-4-5-20250929',
      message: {
        role: 'assistant',
        content: "I'll scan the host first. Then I'll report.",
        toolCalls: [
          {
            id: 'toolu_01A09q90qw90lq917835lq9',
            name: 'port_scan',
            arguments: { host: '10.0.0.5', ports: [22, 443] },
          },
          { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'list_hosts', arguments: {} },
        ],
      },
      stopReason: 'tool_calls',
      usage: { inputTokens: 412, outputTokens: 57, totalTokens: 469 },
    });
  });

  it('reads a plain text answer', () => {
    expect(
      parseAnthropicMessagesResponse(fixture('anthropic-messages-text.json'), 'claude'),
    ).toStrictEqual({
      model: 'claude-haiku-4-5-20251001',
      message: { role: 'assistant', content: 'SSH uses TCP port 22.\n\nANSWER: B' },
      stopReason: 'stop',
      usage: { inputTokens: 31, outputTokens: 16, totalTokens: 47 },
    });
  });

  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'max_tokens'],
    ['tool_use', 'tool_calls'],
    ['refusal', 'content_filter'],
    ['pause_turn', 'unknown'],
    [null, 'unknown'],
  ])('maps stop_reason %s to %s', (stopReason, expected) => {
    const body = JSON.stringify({
      content: [{ type: 'text', text: 'x' }],
      stop_reason: stopReason,
      usage: { input_tokens: 1, output_tokens: 1 },
    });
    const output = parseAnthropicMessagesResponse(body, 'm');
    if (typeof output === 'string') throw new Error(output);
    expect(output.stopReason).toBe(expected);
  });

  it('falls back to the requested model and zero usage', () => {
    expect(
      parseAnthropicMessagesResponse('{"content":[],"stop_reason":"end_turn"}', 'claude-x'),
    ).toStrictEqual({
      model: 'claude-x',
      message: { role: 'assistant', content: '' },
      stopReason: 'stop',
      usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    });
  });

  it('describes bodies that are not a message', () => {
    expect(parseAnthropicMessagesResponse('', 'm')).toBe('the body is empty');
    expect(parseAnthropicMessagesResponse('{"id":"msg_01","content":[{"ty', 'm')).toBe(
      'the body is not JSON (truncated or not an API response)',
    );
    expect(parseAnthropicMessagesResponse('{"type":"message"}', 'm')).toMatch(/^content: /);
  });
});

// ---------------------------------------------------------------------------------------------
// Against the fault server's /v1/messages route.

const key = 'sk-ant-api03-vigil-test-key-0123456789';
const prompt = 'Which port does SSH use?';

const { serve, closeAfterTest } = useEndpointHarness();

function anthropic(baseUrl: string, overrides: Partial<AnthropicSettings> = {}): ModelApi {
  return closeAfterTest(
    createAnthropicMessagesModel({
      model: 'mock-mcq-1',
      baseUrl,
      apiKey: key,
      keySource: 'ANTHROPIC_API_KEY',
      timeoutMs: 5_000,
      transport: createUndiciTransport({ connections: 4 }),
      ...overrides,
    }),
  );
}

const request: ModelRequest = {
  messages: [
    { role: 'system', content: 'Answer with ANSWER: X.' },
    { role: 'user', content: prompt },
  ],
  config: { maxTokens: 16 },
};

describe('createAnthropicMessagesModel against the fault server', () => {
  it('POSTs to /v1/messages with x-api-key and anthropic-version and reads the answer', async () => {
    const server = await serve({ requireApiKey: key });
    const origin = `http://127.0.0.1:${server.port}`;
    const transport = recordingTransport(createUndiciTransport({ connections: 4 }));
    // the fault server's URL ends in /v1; the model strips it and adds /v1/messages itself
    const model = anthropic(server.url, { transport });
    expect(model.name).toBe('anthropic/mock-mcq-1');

    const output = await model.generate(request);
    // usage: ceil(22/4) = 6 for the system text + 4 + ceil(24/4) = 10 for the user turn;
    // "ANSWER: A" is 9 characters, 3 tokens.
    expect(answerFor(prompt)).toBe('ANSWER: A');
    expect(output).toStrictEqual({
      model: 'mock-mcq-1',
      message: { role: 'assistant', content: 'ANSWER: A' },
      stopReason: 'stop',
      usage: { inputTokens: 16, outputTokens: 3, totalTokens: 19 },
    });

    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.method).toBe('POST');
    expect(transport.calls[0]?.url).toBe(`${origin}/v1/messages`);
    expect(transport.calls[0]?.options.headers).toStrictEqual({
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      'x-api-key': key,
    });
  });

  it.each(['', '/', '/v1/'])('accepts the base URL with suffix %j', async (suffix) => {
    const server = await serve();
    const transport = recordingTransport(createUndiciTransport({ connections: 4 }));
    const origin = `http://127.0.0.1:${server.port}`;
    const output = await anthropic(`${origin}${suffix}`, { transport }).generate(request);
    expect(output.message.content).toBe(answerFor(prompt));
    expect(transport.calls[0]?.url).toBe(`${origin}/v1/messages`);
  });

  it('a wrong key is an auth error naming ANTHROPIC_API_KEY, without the key', async () => {
    const server = await serve({ requireApiKey: key });
    const wrong = 'sk-ant-api03-wrong-wrong-wrong';
    const error = await apiError(anthropic(server.url, { apiKey: wrong }).generate(request));
    expect(error.reason).toBe('auth');
    expect(error.stopsRun).toBe(true);
    expect(error.statusCode).toBe(401);
    expect(error.hint).toBe('check the API key (from ANTHROPIC_API_KEY) and its permissions');
    expect(`${error.message} ${error.responseBody ?? ''} ${error.hint ?? ''}`).not.toContain(wrong);
  });

  it('529 overloaded is a retryable overloaded error', async () => {
    const server = await serve({ faults: { overloaded: 1 } });
    const origin = `http://127.0.0.1:${server.port}`;
    const error = await apiError(anthropic(server.url).generate(request));
    expect(error.reason).toBe('overloaded');
    expect(error.isRetryable).toBe(true);
    expect(error.stopsRun).toBe(false);
    expect(error.statusCode).toBe(529);
    expect(error.provider).toBe('anthropic');
    expect(error.message).toBe(`anthropic ${origin} (model mock-mcq-1) answered 529: Overloaded`);
  });

  it('a 200 with no content blocks is an empty answer, not an error', async () => {
    const server = await serve({ faults: { empty_choices: 1 } });
    const output = await anthropic(server.url).generate(request);
    expect(output.message).toStrictEqual({ role: 'assistant', content: '' });
    expect(output.stopReason).toBe('stop');
  });

  it('preflight passes when /v1/models lists the model and fails when it does not', async () => {
    const server = await serve({ requireApiKey: key, knownModels: ['mock-mcq-1'] });
    await expect(anthropic(server.url).preflight?.()).resolves.toBeUndefined();
    const error = await apiError(
      anthropic(server.url, { model: 'claude-opus-4-1' }).preflight?.() ?? Promise.resolve(),
    );
    expect(error.reason).toBe('not_found');
    expect(error.stopsRun).toBe(true);
    expect(error.hint).toBe('it lists: mock-mcq-1');
  });
});
