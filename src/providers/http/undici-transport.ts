import { Agent } from 'undici';
import type { HttpRequestOptions, HttpResponse, HttpTransport } from './http-transport.js';

/** Raised when the whole-request deadline passes. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly code = 'VIGIL_REQUEST_TIMEOUT';
}

const maxResponseBytes = 32 * 1024 * 1024;

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/**
 * HTTP over undici's connection pool: keep-alive, at most `connections` sockets per origin,
 * a response size cap, and a deadline per request. Chosen over `fetch` for speed and control.
 */
export function createUndiciTransport(options: { connections: number }): HttpTransport {
  const agent = new Agent({
    connections: options.connections,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    maxResponseSize: maxResponseBytes,
  });
  return {
    async request(method, url, body, requestOptions: HttpRequestOptions): Promise<HttpResponse> {
      const deadline = AbortSignal.timeout(requestOptions.timeoutMs);
      const signal =
        requestOptions.signal === undefined
          ? deadline
          : AbortSignal.any([requestOptions.signal, deadline]);
      try {
        const response = await agent.request({
          origin: new URL(url).origin,
          path: url.slice(url.indexOf('/', url.indexOf('//') + 2)),
          method,
          headers: requestOptions.headers,
          ...(body === undefined ? {} : { body }),
          signal,
          headersTimeout: requestOptions.timeoutMs,
          bodyTimeout: requestOptions.timeoutMs,
        });
        const text = await response.body.text();
        return {
          status: response.statusCode,
          headers: flattenHeaders(response.headers),
          body: text,
        };
      } catch (error) {
        if (deadline.aborted && requestOptions.signal?.aborted !== true) {
          throw new RequestTimeoutError(
            `no complete response within ${requestOptions.timeoutMs} ms`,
            { cause: error },
          );
        }
        throw error;
      }
    },
    close: () => agent.close(),
  };
}
