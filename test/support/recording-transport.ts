import type { HttpRequestOptions, HttpTransport } from '../../src/providers/http/http-transport.js';

/** One request a recording transport passed on. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: string | undefined;
  readonly options: HttpRequestOptions;
}

/** A transport that records each request and passes it on to `inner`. */
export function recordingTransport(
  inner: HttpTransport,
): HttpTransport & { readonly calls: RecordedRequest[] } {
  const calls: RecordedRequest[] = [];
  return {
    calls,
    request(method, url, body, options) {
      calls.push({ method, url, body, options });
      return inner.request(method, url, body, options);
    },
    close: () => inner.close(),
  };
}
