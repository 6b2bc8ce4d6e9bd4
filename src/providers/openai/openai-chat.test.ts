import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { answerFor, startFaultServer } from '../../../test/support/fault-server.js';
import type {
  FaultKind,
  FaultServer,
  FaultServerOptions,
} from '../../../test/support/fault-server.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import { readEnvironment } from '../../config/environment.js';
import type { HttpRequestOptions, HttpResponse, HttpTransport } from '../http/http-transport.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import { resolveModel } from '../resolve-model.js';
import { createOpenAiChatModel, type OpenAiSettings } from './openai-chat-model.js';
import { openAiChatBody } from './openai-chat-request.js';
import { parseOpenAiChatResponse } from './openai-chat-response.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../__fixtures__/${name}`, import.meta.url), 'utf8');
}

const notJson = 'the body is not JSON (truncated or not an API response)';

describe('openAiChatBody', () => {
  it('maps every message kind, the tools, the tool choice and the sampling settings', () => {
    const request: ModelRequest = {
      messages: [
        { role: 'system', content: 'You are a careful analyst.' },
        { role: 'user', content: 'Which ports are open on 10.0.0.5?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_1', name: 'port_scan', arguments: { host: '10.0.0.5', ports: [22, 443] } },
            { id: 'call_2', name: 'list_hosts', arguments: {} },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: '22/tcp open ssh' },
        { role: 'tool', toolCallId: 'call_2', content: 'scan failed', error: 'timeout' },
        {
          role: 'assistant',
          content: 'One more check.',
          toolCalls: [{ id: 'call_3', name: 'port_scan', arguments: { host: '10.0.0.6' } }],
        },
        { role: 'tool', toolCallId: 'call_3', content: 'none' },
        { role: 'assistant', content: 'Port 22 is open.' },
        { role: 'user', content: 'Which service is it?' },
      ],
      tools: [
        {
          name: 'port_scan',
          description: 'Scan TCP ports on a host.',
          parameters: {
            type: 'object',
            properties: { host: { type: 'string' }, ports: { type: 'array' } },
            required: ['host'],
          },
        },
        { name: 'list_hosts', description: 'List known hosts.', parameters: { type: 'object' } },
      ],
      toolChoice: { name: 'port_scan' },
      config: {
        temperature: 0.2,
        maxTokens: 256,
        seed: 7,
        stopSequences: ['\n\n', 'END'],
        topP: 0.9,
      },
    };

    expect(JSON.parse(openAiChatBody('gpt-4o-mini', request))).toStrictEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a careful analyst.' },
        { role: 'user', content: 'Which ports are open on 10.0.0.5?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'port_scan', arguments: '{"host":"10.0.0.5","ports":[22,443]}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'list_hosts', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '22/tcp open ssh' },
        { role: 'tool', tool_call_id: 'call_2', content: 'scan failed' },
        {
          role: 'assistant',
          content: 'One more check.',
          tool_calls: [
            {
              id: 'call_3',
              type: 'function',
              function: { name: 'port_scan', arguments: '{"host":"10.0.0.6"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_3', content: 'none' },
        { role: 'assistant', content: 'Port 22 is open.' },
        { role: 'user', content: 'Which service is it?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'port_scan',
            description: 'Scan TCP ports on a host.',
            parameters: {
              type: 'object',
              properties: { host: { type: 'string' }, ports: { type: 'array' } },
              required: ['host'],
            },
          },
        },
        {
          type: 'function',
          function: {
            name: 'list_hosts',
            description: 'List known hosts.',
            parameters: { type: 'object' },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'port_scan' } },
      temperature: 0.2,
      max_tokens: 256,
      seed: 7,
      stop: ['\n\n', 'END'],
      top_p: 0.9,
    });
  });

  it('sends only the model and messages when nothing else is set', () => {
    const body = openAiChatBody('m', { messages: [{ role: 'user', content: 'hi' }], config: {} });
    expect(JSON.parse(body)).toStrictEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('keeps zero-valued settings and an assistant message with an empty tool-call list as text', () => {
    const body = openAiChatBody('m', {
      messages: [{ role: 'assistant', content: '', toolCalls: [] }],
      config: { temperature: 0, seed: 0, topP: 0, stopSequences: [] },
    });
    expect(JSON.parse(body)).toStrictEqual({
      model: 'm',
      messages: [{ role: 'assistant', content: '' }],
      temperature: 0,
      seed: 0,
      stop: [],
      top_p: 0,
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
  ] as const)('passes tool_choice %s through as %j', (choice, expected) => {
    const body = JSON.parse(
      openAiChatBody('m', {
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ name: 't', description: 'd', parameters: {} }],
        toolChoice: choice,
        config: {},
      }),
    ) as { tool_choice?: unknown };
    expect(body.tool_choice).toBe(expected);
  });

  it('omits tool_choice when there are no tools', () => {
    const body = JSON.parse(
      openAiChatBody('m', {
        messages: [{ role: 'user', content: 'x' }],
        tools: [],
        toolChoice: 'required',
        config: {},
      }),
    ) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
  });
});

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

// ---------------------------------------------------------------------------------------------
// Against the fault server: real sockets, real HTTP.

const key = 'sk-vigil-test-0123456789abcdef';
const prompt = 'What is 2+2?';
const system = 'Answer with ANSWER: X.';

const servers: FaultServer[] = [];
const models: ModelApi[] = [];
afterEach(async () => {
  await Promise.all(models.splice(0).map((model) => model.close?.() ?? Promise.resolve()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: FaultServerOptions = {}): Promise<FaultServer> {
  const server = await startFaultServer(options);
  servers.push(server);
  return server;
}

function faulty(kind: FaultKind, options: FaultServerOptions = {}): Promise<FaultServer> {
  return serve({ ...options, faults: { [kind]: 1 } });
}

function openAi(baseUrl: string, overrides: Partial<OpenAiSettings> = {}): ModelApi {
  const model = createOpenAiChatModel({
    model: 'gpt-4o-mini',
    baseUrl,
    apiKey: key,
    keySource: 'OPENAI_API_KEY',
    timeoutMs: 5_000,
    transport: createUndiciTransport({ connections: 4 }),
    ...overrides,
  });
  models.push(model);
  return model;
}

function ask(text = prompt): ModelRequest {
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: text },
  ];
  return { messages, config: {} };
}

/** The ModelApiError a call rejects with; fails the test on success or on another error. */
async function apiError(call: Promise<unknown>): Promise<ModelApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ModelApiError) return error;
    throw new Error(`expected a ModelApiError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly body: string | undefined;
  readonly options: HttpRequestOptions;
}

/** A transport that records each request and passes it on. */
function recording(inner: HttpTransport): HttpTransport & { readonly calls: Recorded[] } {
  const calls: Recorded[] = [];
  return {
    calls,
    request(method, url, body, options) {
      calls.push({ method, url, body, options });
      return inner.request(method, url, body, options);
    },
    close: () => inner.close(),
  };
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
  });
  return port;
}

describe('createOpenAiChatModel against the fault server', () => {
  it('answers with the fake model’s answer, the server’s usage and POSTs to /chat/completions', async () => {
    const server = await serve({ requireApiKey: key });
    const transport = recording(createUndiciTransport({ connections: 4 }));
    const model = openAi(`${server.url}/`, { transport });
    expect(model.name).toBe('openai/gpt-4o-mini');

    const output = await model.generate(ask());
    // usage: 3 + (4 + ceil(22/4)) for the system message + (4 + ceil(12/4)) for the user = 20;
    // the answer "ANSWER: D" is 9 characters, ceil(9/4) = 3 tokens.
    expect(answerFor(prompt)).toBe('ANSWER: D');
    expect(output).toStrictEqual({
      model: 'gpt-4o-mini',
      message: { role: 'assistant', content: 'ANSWER: D' },
      stopReason: 'stop',
      usage: { inputTokens: 20, outputTokens: 3, totalTokens: 23 },
    });

    const other = await model.generate(ask('Which port does HTTPS use?'));
    expect(other.message.content).toBe(answerFor('Which port does HTTPS use?'));
    expect(other.message.content).toBe('ANSWER: B');
    expect(server.stats().answered).toBe(2);

    const [call] = transport.calls;
    expect(call?.method).toBe('POST');
    expect(call?.url).toBe(`${server.url}/chat/completions`);
    expect(call?.options.headers).toStrictEqual({
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
    });
    expect(call?.options.timeoutMs).toBe(5_000);
    expect(JSON.parse(call?.body ?? '')).toStrictEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: prompt },
      ],
    });
  });

  it('sends no Authorization header without a key', async () => {
    const server = await serve({ requireApiKey: key });
    const error = await apiError(openAi(server.url, { apiKey: undefined }).generate(ask()));
    expect(error.reason).toBe('auth');
    expect(error.statusCode).toBe(401);
  });

  it('a wrong key is an auth error that stops the run and never shows the key', async () => {
    const server = await serve({ requireApiKey: key });
    const wrong = 'sk-wrong-key-9876543210fedcba';
    const error = await apiError(
      openAi(server.url, { apiKey: wrong, keySource: '--api-key' }).generate(ask()),
    );
    expect(error.reason).toBe('auth');
    expect(error.stopsRun).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.statusCode).toBe(401);
    expect(error.provider).toBe('openai');
    expect(error.message).toBe(
      `openai ${server.url} (model gpt-4o-mini) answered 401: Incorrect API key provided.`,
    );
    expect(error.hint).toBe('check the API key (from --api-key) and its permissions');
    for (const text of [error.message, error.responseBody, error.hint, error.describe()]) {
      expect(text).toBeDefined();
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(key);
    }
    expect(server.stats().answered).toBe(0);
  });

  it('redacts the key when the endpoint echoes it back in a 401 body', async () => {
    const wrong = 'sk-proj-EchoedBack0123456789';
    const body = JSON.stringify({
      error: { message: `Incorrect API key provided: ${wrong}.`, code: 'invalid_api_key' },
    });
    const echoing: HttpTransport = {
      request: () => Promise.resolve({ status: 401, headers: {}, body }),
      close: () => Promise.resolve(),
    };
    const model = openAi('http://127.0.0.1:9/v1', { apiKey: wrong, transport: echoing });
    const error = await apiError(model.generate(ask()));
    expect(error.reason).toBe('auth');
    expect(error.message).toBe(
      'openai http://127.0.0.1:9/v1 (model gpt-4o-mini) answered 401: Incorrect API key provided: [redacted].',
    );
    expect(error.responseBody).toBe(
      '{"error":{"message":"Incorrect API key provided: [redacted].","code":"invalid_api_key"}}',
    );
  });

  it('an unknown model is not_found and stops the run', async () => {
    const server = await serve({ knownModels: ['gpt-4o-mini'] });
    const error = await apiError(openAi(server.url, { model: 'gpt-9-turbo' }).generate(ask()));
    expect(error.reason).toBe('not_found');
    expect(error.stopsRun).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.statusCode).toBe(404);
    expect(error.message).toContain(
      "The model 'gpt-9-turbo' does not exist or you do not have access to it.",
    );
  });

  it('429 is a retryable rate limit that waits as long as retry-after-ms says', async () => {
    const server = await faulty('rate_limit', { retryAfterSeconds: 2.5 });
    const error = await apiError(openAi(server.url).generate(ask()));
    expect(error.reason).toBe('rate_limit');
    expect(error.isRetryable).toBe(true);
    expect(error.stopsRun).toBe(false);
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterMs).toBe(2_500);
  });

  it.each([
    ['server_error', 500, 'server', 'The server had an error processing your request.'],
    ['bad_gateway', 502, 'server', 'HTTP 502'],
    ['unavailable', 503, 'overloaded', 'The service is temporarily unavailable.'],
    ['overloaded', 529, 'overloaded', 'Overloaded'],
  ] as const)('%s (%d) is a retryable %s error', async (kind, status, reason, detail) => {
    const server = await faulty(kind);
    const error = await apiError(openAi(server.url).generate(ask()));
    expect(error.reason).toBe(reason);
    expect(error.statusCode).toBe(status);
    expect(error.isRetryable).toBe(true);
    expect(error.stopsRun).toBe(false);
    expect(error.message).toBe(
      `openai ${server.url} (model gpt-4o-mini) answered ${status}: ${detail}`,
    );
  });

  it('503 carries the server’s retry-after', async () => {
    const server = await faulty('unavailable', { retryAfterSeconds: 4 });
    const error = await apiError(openAi(server.url).generate(ask()));
    expect(error.retryAfterMs).toBe(4_000);
  });

  it('502 keeps the HTML body for diagnosis', async () => {
    const server = await faulty('bad_gateway');
    const error = await apiError(openAi(server.url).generate(ask()));
    expect(error.responseBody).toContain('<title>502 Bad Gateway</title>');
  });

  it.each([
    ['truncated_json', notJson, /^\{"id":"chatcmpl-mock0000000\d","object":"chat\.completion"/],
    ['malformed_json', notJson, /^\{"id": <<garbage>> ,, "choices": \[\}$/],
    ['empty_choices', 'choices is empty', /"choices":\[\]/],
    ['html_body', notJson, /^<html><head><title>Just a moment\.\.\.<\/title>/],
  ] as const)('a 200 with %s is a retryable malformed_response', async (kind, problem, body) => {
    const server = await faulty(kind);
    const error = await apiError(openAi(server.url).generate(ask()));
    expect(error.reason).toBe('malformed_response');
    expect(error.isRetryable).toBe(true);
    expect(error.stopsRun).toBe(false);
    expect(error.statusCode).toBe(200);
    expect(error.message).toMatch(`openai ${server.url} sent a malformed response: `);
    expect(error.message.endsWith(problem)).toBe(true);
    expect(error.responseBody).toMatch(body);
  });

  it('a connection reset is a retryable connection error', async () => {
    const server = await faulty('reset');
    const error = await apiError(openAi(server.url).generate(ask()));
    expect(error.reason).toBe('connection');
    expect(error.isRetryable).toBe(true);
    expect(error.stopsRun).toBe(false);
    expect(error.statusCode).toBeUndefined();
  });

  it('a server that never answers is a retryable timeout after timeoutMs', async () => {
    const server = await faulty('timeout');
    const started = performance.now();
    const error = await apiError(openAi(server.url, { timeoutMs: 200 }).generate(ask()));
    const elapsed = performance.now() - started;
    expect(error.reason).toBe('timeout');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain(`openai ${server.url} did not answer in time`);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(3_000);
  });

  it('-M timeout_ms reaches the transport through resolveModel', async () => {
    const server = await faulty('timeout');
    const model = await resolveModel(
      'openai/gpt-4o-mini',
      { base_url: server.url, timeout_ms: '200' },
      { environment: readEnvironment({ OPENAI_API_KEY: key }), connections: 2 },
    );
    models.push(model);
    const started = performance.now();
    const error = await apiError(model.generate(ask()));
    expect(error.reason).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('a refused connection is a retryable connection error', async () => {
    const port = await closedPort();
    const error = await apiError(openAi(`http://127.0.0.1:${port}/v1`).generate(ask()));
    expect(error.reason).toBe('connection');
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain(`openai http://127.0.0.1:${port}/v1 connection failed`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('an aborted signal rejects promptly, and not as a retryable model error', async () => {
    const server = await faulty('timeout');
    const model = openAi(server.url, { timeoutMs: 20_000 });
    const controller = new AbortController();
    const started = performance.now();
    const call = model.generate(ask(), { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 100);
    const error: unknown = await call.then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(ModelApiError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('an already-aborted signal rejects without an answer', async () => {
    const server = await serve();
    const model = openAi(server.url);
    const controller = new AbortController();
    controller.abort();
    const started = performance.now();
    await expect(model.generate(ask(), { signal: controller.signal })).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.stats().answered).toBe(0);
  });
});

describe('OpenAI preflight against the fault server', () => {
  it('passes when the model is listed, with one GET of /models and no completion', async () => {
    const server = await serve({ requireApiKey: key, knownModels: ['gpt-4o', 'gpt-4o-mini'] });
    const transport = recording(createUndiciTransport({ connections: 4 }));
    await expect(openAi(server.url, { transport }).preflight?.()).resolves.toBeUndefined();
    expect(transport.calls.map((call) => [call.method, call.url, call.body])).toStrictEqual([
      ['GET', `${server.url}/models`, undefined],
    ]);
    expect(server.stats().requests).toBe(1);
    expect(server.stats().answered).toBe(0);
  });

  it('fails with not_found, naming the listed models, when the model is not served', async () => {
    const server = await serve({ knownModels: ['mock-mcq-1', 'llama-3.1-8b'] });
    const error = await apiError(openAi(server.url).preflight?.() ?? Promise.resolve());
    expect(error.reason).toBe('not_found');
    expect(error.stopsRun).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe(`openai at ${server.url} does not serve model "gpt-4o-mini"`);
    expect(error.hint).toBe('it lists: mock-mcq-1, llama-3.1-8b');
  });

  it('fails with auth on a bad key', async () => {
    const server = await serve({ requireApiKey: key });
    const error = await apiError(
      openAi(server.url, { apiKey: 'sk-bad-bad-bad-bad' }).preflight?.() ?? Promise.resolve(),
    );
    expect(error.reason).toBe('auth');
    expect(error.stopsRun).toBe(true);
    expect(error.statusCode).toBe(401);
  });

  it('a refused connection stops the run with a hint about the base URL', async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}/v1`;
    const error = await apiError(openAi(baseUrl).preflight?.() ?? Promise.resolve());
    expect(error.reason).toBe('connection');
    expect(error.stopsRun).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.message).toMatch(new RegExp(`^cannot reach openai at ${baseUrl}: .*ECONNREFUSED`));
    expect(error.hint).toBe('check the base URL (--base-url) and that the server is running');
  });

  it('passes against a server without a models list (404)', async () => {
    const notFound: HttpTransport = {
      request: () => Promise.resolve<HttpResponse>({ status: 404, headers: {}, body: 'Not Found' }),
      close: () => Promise.resolve(),
    };
    await expect(
      openAi('http://127.0.0.1:9/v1', { transport: notFound }).preflight?.(),
    ).resolves.toBeUndefined();
  });
});
