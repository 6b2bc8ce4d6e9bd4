import type { Hono } from 'hono';
import type { AppEnv } from '../../../src/server/context.js';

/** A response, read once. */
export interface TestResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  readonly json: unknown;
  readonly text: string;
}

/** Requests into the app in-process, as one browser or one CLI would make them. */
export class TestClient {
  readonly #app: Hono<AppEnv>;
  cookie: string | undefined;
  csrfToken: string | undefined;
  bearer: string | undefined;
  origin: string | undefined;

  constructor(
    app: Hono<AppEnv>,
    credentials: { cookie?: string; csrfToken?: string; bearer?: string } = {},
  ) {
    this.#app = app;
    this.cookie = credentials.cookie;
    this.csrfToken = credentials.csrfToken;
    this.bearer = credentials.bearer;
  }

  async request(
    method: string,
    path: string,
    options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<TestResponse> {
    const headers = new Headers(options.headers);
    if (this.cookie !== undefined && !headers.has('cookie')) headers.set('cookie', this.cookie);
    if (this.bearer !== undefined && !headers.has('authorization')) {
      headers.set('authorization', `Bearer ${this.bearer}`);
    }
    if (this.csrfToken !== undefined && method !== 'GET' && !headers.has('x-csrf-token')) {
      headers.set('x-csrf-token', this.csrfToken);
    }
    if (this.origin !== undefined && !headers.has('origin')) headers.set('origin', this.origin);
    let requestBody: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      requestBody = JSON.stringify(options.body);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const response = await this.#app.request(`http://localhost${path}`, {
      method,
      headers,
      ...(requestBody === undefined ? {} : { body: requestBody }),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie !== null) {
      const [pair] = setCookie.split(';');
      if (pair !== undefined)
        this.cookie = /=$/.test(pair) || /Max-Age=0/i.test(setCookie) ? undefined : pair;
    }
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let json: unknown;
    if (contentType.includes('json') && text !== '') json = JSON.parse(text);
    return { status: response.status, headers: response.headers, contentType, json, text };
  }

  get(path: string, headers?: Record<string, string>): Promise<TestResponse> {
    return this.request('GET', path, headers === undefined ? {} : { headers });
  }

  post(
    path: string,
    payload: unknown = {},
    headers?: Record<string, string>,
  ): Promise<TestResponse> {
    return this.request('POST', path, {
      body: payload,
      ...(headers === undefined ? {} : { headers }),
    });
  }

  put(path: string, payload: unknown = {}): Promise<TestResponse> {
    return this.request('PUT', path, { body: payload });
  }

  delete(path: string): Promise<TestResponse> {
    return this.request('DELETE', path);
  }
}
