/** An HTTP response with its body read as text. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** Per-request options. */
export interface HttpRequestOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  /** Longest wait for the response headers, and then for each part of the body. */
  readonly timeoutMs: number;
}

/**
 * The structural subset of an HTTP client that providers use; injected so tests and
 * benchmarks can swap it. Network failures throw errors carrying a `code` (ECONNREFUSED, ...).
 */
export interface HttpTransport {
  request(
    method: 'GET' | 'POST',
    url: string,
    body: string | undefined,
    options: HttpRequestOptions,
  ): Promise<HttpResponse>;
  close(): Promise<void>;
}
