import { describe, expect, it } from 'vitest';
import { closedPort } from '../../../test/support/closed-port.js';
import { useEndpointHarness } from '../../../test/support/endpoint-harness.js';
import { apiError, rejection } from '../../../test/support/errors.js';
import { answerFor } from '../../../test/support/fault-server.js';
import type {
  FaultKind,
  FaultServer,
  FaultServerOptions,
} from '../../../test/support/fault-server.js';
import { recordingTransport } from '../../../test/support/recording-transport.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import { readEnvironment } from '../../config/environment.js';
import type { HttpResponse, HttpTransport } from '../http/http-transport.js';
import { createUndiciTransport } from '../http/undici-transport.js';
import { resolveModel } from '../resolve-model.js';
import { createOpenAiChatModel, type OpenAiSettings } from './openai-chat-model.js';

// Against the fault server: real sockets, real HTTP.

const notJson = 'the body is not JSON (truncated or not an API response)';
const key = 'sk-vigil-test-0123456789abcdef';
const prompt = 'What is 2+2?';
const system = 'Answer with ANSWER: X.';

const { serve, closeAfterTest } = useEndpointHarness();

function faulty(kind: FaultKind, options: FaultServerOptions = {}): Promise<FaultServer> {
  return serve({ ...options, faults: { [kind]: 1 } });
}

function openAi(baseUrl: string, overrides: Partial<OpenAiSettings> = {}): ModelApi {
  return closeAfterTest(
    createOpenAiChatModel({
      model: 'gpt-4o-mini',
      baseUrl,
      apiKey: key,
      keySource: 'OPENAI_API_KEY',
      timeoutMs: 5_000,
      transport: createUndiciTransport({ connections: 4 }),
      ...overrides,
    }),
  );
}

function ask(text = prompt): ModelRequest {
  const messages: ChatMessage[] = [
    { role: 'system', content: system },
    { role: 'user', content: text },
  ];
  return { messages, config: {} };
}

describe('createOpenAiChatModel against the fault server', () => {
  it('answers with the fake model’s answer, the server’s usage and POSTs to /chat/completions', async () => {
    const server = await serve({ requireApiKey: key });
    const transport = recordingTransport(createUndiciTransport({ connections: 4 }));
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
    const model = closeAfterTest(
      await resolveModel(
        'openai/gpt-4o-mini',
        { base_url: server.url, timeout_ms: '200' },
        { environment: readEnvironment({ OPENAI_API_KEY: key }), connections: 2 },
      ),
    );
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
    const error = await rejection(() => call);
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
    const transport = recordingTransport(createUndiciTransport({ connections: 4 }));
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
