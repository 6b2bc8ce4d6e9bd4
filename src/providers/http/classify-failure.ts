import { ModelApiError, type ModelErrorReason } from '../../core/errors/model-api-error.js';
import type { HttpResponse } from './http-transport.js';
import { redactSecrets } from './redact.js';
import { retryAfterMs } from './retry-after.js';

/** Who failed: shown in every error so a person knows which endpoint to check. */
export interface EndpointIdentity {
  readonly provider: string;
  readonly baseUrl: string;
  readonly model: string;
  /** Where the key came from, e.g. `OPENAI_API_KEY`; never the key itself. */
  readonly keySource: string;
  readonly secrets: readonly (string | undefined)[];
}

const bodyLimit = 2_000;

function errorMessageOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as {
      error?: { message?: unknown; code?: unknown; type?: unknown } | string;
      message?: unknown;
    };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to the status line
  }
  return undefined;
}

/** An HTTP failure from a model endpoint as a typed error: retryable or not, run-stopping or not. */
export function classifyHttpFailure(
  response: HttpResponse,
  endpoint: EndpointIdentity,
): ModelApiError {
  const { status } = response;
  const detail = redactSecrets(errorMessageOf(response.body) ?? `HTTP ${status}`, endpoint.secrets);
  const where = `${endpoint.provider} ${endpoint.baseUrl} (model ${endpoint.model})`;
  const common = {
    provider: endpoint.provider,
    statusCode: status,
    responseBody: redactSecrets(response.body.slice(0, bodyLimit), endpoint.secrets),
  };
  const fail = (
    reason: ModelErrorReason,
    isRetryable: boolean,
    extra: { stopsRun?: boolean; hint?: string } = {},
  ) =>
    new ModelApiError(`${where} answered ${status}: ${detail}`, {
      ...common,
      reason,
      isRetryable,
      ...extra,
      ...(isRetryable ? { retryAfterMs: retryAfterMs(response.headers) } : {}),
    });

  if (status === 401 || status === 403) {
    return fail('auth', false, {
      stopsRun: true,
      hint: `check the API key (from ${endpoint.keySource}) and its permissions`,
    });
  }
  if (status === 404) {
    return fail('not_found', false, {
      stopsRun: true,
      hint: 'check the base URL (for OpenAI-compatible servers it usually ends in /v1) and the model name',
    });
  }
  if (status === 429) {
    // Only OpenAI's out-of-quota code: Azure's ordinary per-minute 429 links to
    // aka.ms/oai/quotaincrease, and that one is worth retrying.
    if (/insufficient_quota/i.test(response.body)) {
      return fail('rate_limit', false, {
        stopsRun: true,
        hint: 'the account is out of quota; retrying will not help',
      });
    }
    return fail('rate_limit', true);
  }
  if (status === 400 || status === 413 || status === 422) {
    if (/context|maximum.*tokens|too long|prompt is too long/i.test(detail)) {
      return fail('context_length', false, {
        hint: 'shorten the input or raise the model’s context window',
      });
    }
    return fail('bad_request', false, {
      hint: 'the endpoint rejected the request; see the response body in the log',
    });
  }
  if (status === 529) return fail('overloaded', true);
  if (status === 503) return fail('overloaded', true);
  if (status === 408 || status === 409 || status === 425 || (status >= 500 && status !== 501))
    return fail('server', true);
  return fail('server', false);
}

const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** A network-level failure (no HTTP response) as a typed, usually retryable, error. */
export function classifyNetworkFailure(error: unknown, endpoint: EndpointIdentity): ModelApiError {
  const code = (error as { code?: unknown }).code;
  const codeText = typeof code === 'string' ? code : 'unknown';
  const where = `${endpoint.provider} ${endpoint.baseUrl}`;
  const message = redactSecrets(
    error instanceof Error ? error.message : String(error),
    endpoint.secrets,
  );
  if (timeoutCodes.has(codeText)) {
    return new ModelApiError(`${where} did not answer in time: ${message}`, {
      provider: endpoint.provider,
      reason: 'timeout',
      isRetryable: true,
      cause: error,
    });
  }
  if (codeText === 'ENOTFOUND' || codeText === 'EAI_AGAIN' || codeText === 'ERR_INVALID_URL') {
    return new ModelApiError(`${where} cannot be resolved (${codeText})`, {
      provider: endpoint.provider,
      reason: 'connection',
      isRetryable: false,
      stopsRun: true,
      hint: 'check the base URL',
      cause: error,
    });
  }
  if (connectionCodes.has(codeText)) {
    return new ModelApiError(`${where} connection failed (${codeText}): ${message}`, {
      provider: endpoint.provider,
      reason: 'connection',
      isRetryable: true,
      cause: error,
    });
  }
  if (codeText === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new ModelApiError(`${where} sent a response over the size limit`, {
      provider: endpoint.provider,
      reason: 'malformed_response',
      isRetryable: false,
      cause: error,
    });
  }
  return new ModelApiError(`${where} request failed (${codeText}): ${message}`, {
    provider: endpoint.provider,
    reason: 'connection',
    isRetryable: true,
    cause: error,
  });
}

/** A 200 response whose body is not what the API promises: kept raw for diagnosis, retryable once or twice. */
export function malformedResponse(
  response: HttpResponse,
  endpoint: EndpointIdentity,
  problem: string,
): ModelApiError {
  return new ModelApiError(
    `${endpoint.provider} ${endpoint.baseUrl} sent a malformed response: ${problem}`,
    {
      provider: endpoint.provider,
      reason: 'malformed_response',
      statusCode: response.status,
      isRetryable: true,
      responseBody: redactSecrets(response.body.slice(0, bodyLimit), endpoint.secrets),
      hint: 'the raw response is kept in the log; check for a proxy or an incompatible server',
    },
  );
}
