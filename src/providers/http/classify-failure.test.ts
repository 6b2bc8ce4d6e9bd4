import { describe, expect, it } from 'vitest';
import type { ModelErrorReason } from '../../core/errors/model-api-error.js';
import {
  classifyHttpFailure,
  classifyNetworkFailure,
  malformedResponse,
  type EndpointIdentity,
} from './classify-failure.js';

const endpoint: EndpointIdentity = {
  provider: 'openai',
  baseUrl: 'https://api.example.test/v1',
  model: 'gpt-x',
  keySource: 'OPENAI_API_KEY',
  secrets: ['sk-secret-abcdefgh', undefined],
};

function errorBody(message: string, code: string | null = null): string {
  return JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } });
}

describe('classifyHttpFailure', () => {
  it.each<[number, string, ModelErrorReason, boolean, boolean]>([
    [
      400,
      errorBody(
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.",
        'context_length_exceeded',
      ),
      'context_length',
      false,
      false,
    ],
    [
      400,
      JSON.stringify({
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'prompt is too long: 210000 tokens > 200000 maximum',
        },
      }),
      'context_length',
      false,
      false,
    ],
    [400, errorBody("Invalid value for 'temperature': must be <= 2."), 'bad_request', false, false],
    [
      413,
      JSON.stringify({
        type: 'error',
        error: {
          type: 'request_too_large',
          message: 'Request exceeds the maximum allowed number of bytes.',
        },
      }),
      'bad_request',
      false,
      false,
    ],
    [
      422,
      '{"detail":[{"loc":["body","messages"],"msg":"field required"}]}',
      'bad_request',
      false,
      false,
    ],
    [401, errorBody('Incorrect API key provided.', 'invalid_api_key'), 'auth', false, true],
    [403, '{"error":"forbidden"}', 'auth', false, true],
    [
      404,
      errorBody('The model `gpt-x` does not exist.', 'model_not_found'),
      'not_found',
      false,
      true,
    ],
    [
      429,
      errorBody(
        'You exceeded your current quota, please check your plan and billing details.',
        'insufficient_quota',
      ),
      'rate_limit',
      false,
      true,
    ],
    [
      429,
      errorBody('Rate limit reached for requests.', 'rate_limit_exceeded'),
      'rate_limit',
      true,
      false,
    ],
    // Azure's ordinary per-minute limit links to a quota-increase form: still worth a retry.
    [
      429,
      JSON.stringify({
        error: {
          code: '429',
          message:
            'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-02-01 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.',
        },
      }),
      'rate_limit',
      true,
      false,
    ],
    [408, '', 'server', true, false],
    [409, '', 'server', true, false],
    [425, '', 'server', true, false],
    [418, '', 'server', false, false],
    [500, errorBody('The server had an error processing your request.'), 'server', true, false],
    [501, 'Not Implemented', 'server', false, false],
    [502, '<html>502 Bad Gateway</html>', 'server', true, false],
    [503, errorBody('The service is temporarily unavailable.'), 'overloaded', true, false],
    [504, '', 'server', true, false],
    [
      529,
      '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      'overloaded',
      true,
      false,
    ],
  ])('%d %s → %s, retryable %s, stops the run %s', (status, body, reason, retryable, stops) => {
    const error = classifyHttpFailure({ status, headers: {}, body }, endpoint);
    expect(error.reason).toBe(reason);
    expect(error.isRetryable).toBe(retryable);
    expect(error.stopsRun).toBe(stops);
    expect(error.statusCode).toBe(status);
    expect(error.provider).toBe('openai');
    expect(error.responseBody).toBe(body);
  });

  it('names the endpoint and the error message from an OpenAI-style body', () => {
    const error = classifyHttpFailure(
      { status: 400, headers: {}, body: errorBody("Invalid value for 'temperature'.") },
      endpoint,
    );
    expect(error.message).toBe(
      "openai https://api.example.test/v1 (model gpt-x) answered 400: Invalid value for 'temperature'.",
    );
    expect(error.hint).toBe('the endpoint rejected the request; see the response body in the log');
  });

  it.each([
    ['{"error":"plain string error"}', 'plain string error'],
    ['{"message":"top-level message"}', 'top-level message'],
    ['{"error":{"code":"x"}}', 'HTTP 500'],
    ['<html>oops</html>', 'HTTP 500'],
    ['', 'HTTP 500'],
  ])('takes the detail of %j as %j', (body, detail) => {
    const error = classifyHttpFailure({ status: 500, headers: {}, body }, endpoint);
    expect(error.message).toBe(
      `openai https://api.example.test/v1 (model gpt-x) answered 500: ${detail}`,
    );
  });

  it('hints at the key source on auth failures and at the URL on 404', () => {
    const auth = classifyHttpFailure({ status: 401, headers: {}, body: '' }, endpoint);
    expect(auth.hint).toBe('check the API key (from OPENAI_API_KEY) and its permissions');
    const missing = classifyHttpFailure({ status: 404, headers: {}, body: '' }, endpoint);
    expect(missing.hint).toContain('check the base URL');
    const context = classifyHttpFailure(
      { status: 400, headers: {}, body: errorBody('maximum context length is 10 tokens') },
      endpoint,
    );
    expect(context.hint).toBe('shorten the input or raise the model’s context window');
  });

  it('takes retryAfterMs from the headers only when the failure is retryable', () => {
    const headers = { 'retry-after': '20' };
    const limited = classifyHttpFailure(
      { status: 429, headers, body: errorBody('Slow down.', 'rate_limit_exceeded') },
      endpoint,
    );
    expect(limited.retryAfterMs).toBe(20_000);
    const quota = classifyHttpFailure(
      { status: 429, headers, body: errorBody('No money.', 'insufficient_quota') },
      endpoint,
    );
    expect(quota.retryAfterMs).toBeUndefined();
    expect(quota.hint).toBe('the account is out of quota; retrying will not help');
    const noHeader = classifyHttpFailure({ status: 503, headers: {}, body: '' }, endpoint);
    expect(noHeader.retryAfterMs).toBeUndefined();
  });

  it('redacts secrets in the message and the body, and keeps at most 2000 characters', () => {
    const body = errorBody('bad key sk-secret-abcdefgh given') + ' '.repeat(3_000);
    const error = classifyHttpFailure({ status: 401, headers: {}, body }, endpoint);
    expect(error.message).toBe(
      'openai https://api.example.test/v1 (model gpt-x) answered 401: bad key [redacted] given',
    );
    expect(error.responseBody).toHaveLength(
      2_000 - 'sk-secret-abcdefgh'.length + '[redacted]'.length,
    );
    expect(error.responseBody).not.toContain('sk-secret-abcdefgh');
    expect(error.responseBody?.startsWith('{"error":{"message":"bad key [redacted] given"')).toBe(
      true,
    );
  });
});

describe('classifyNetworkFailure', () => {
  const failure = (code: string | undefined, message = 'boom'): Error =>
    Object.assign(new Error(message), code === undefined ? {} : { code });

  it.each<[string | undefined, ModelErrorReason, boolean, boolean]>([
    ['ECONNREFUSED', 'connection', true, false],
    ['ECONNRESET', 'connection', true, false],
    ['UND_ERR_SOCKET', 'connection', true, false],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', true, false],
    ['UND_ERR_BODY_TIMEOUT', 'timeout', true, false],
    ['ENOTFOUND', 'connection', false, true],
    ['EAI_AGAIN', 'connection', false, true],
    ['UND_ERR_RES_EXCEEDED_MAX_SIZE', 'malformed_response', false, false],
    [undefined, 'connection', true, false],
  ])('%s → %s, retryable %s, stops the run %s', (code, reason, retryable, stops) => {
    const error = classifyNetworkFailure(failure(code), endpoint);
    expect(error.reason).toBe(reason);
    expect(error.isRetryable).toBe(retryable);
    expect(error.stopsRun).toBe(stops);
    expect(error.statusCode).toBeUndefined();
  });

  it('keeps the cause and redacts secrets in the message', () => {
    const cause = failure('ECONNRESET', 'socket hang up near sk-secret-abcdefgh');
    const error = classifyNetworkFailure(cause, endpoint);
    expect(error.message).toBe(
      'openai https://api.example.test/v1 connection failed (ECONNRESET): socket hang up near [redacted]',
    );
    expect(error.cause).toBe(cause);
  });

  it('tells the person to check the base URL when the host does not resolve', () => {
    const error = classifyNetworkFailure(failure('ENOTFOUND'), endpoint);
    expect(error.message).toBe('openai https://api.example.test/v1 cannot be resolved (ENOTFOUND)');
    expect(error.hint).toBe('check the base URL');
  });
});

describe('malformedResponse', () => {
  it('is retryable and keeps the raw body, redacted and capped', () => {
    const body = `<html>sk-secret-abcdefgh ${'x'.repeat(2_500)}</html>`;
    const error = malformedResponse({ status: 200, headers: {}, body }, endpoint, 'not JSON');
    expect(error.reason).toBe('malformed_response');
    expect(error.isRetryable).toBe(true);
    expect(error.stopsRun).toBe(false);
    expect(error.statusCode).toBe(200);
    expect(error.message).toBe(
      'openai https://api.example.test/v1 sent a malformed response: not JSON',
    );
    expect(error.responseBody?.startsWith('<html>[redacted] xxx')).toBe(true);
    expect(error.responseBody).toHaveLength(
      2_000 - 'sk-secret-abcdefgh'.length + '[redacted]'.length,
    );
  });
});
