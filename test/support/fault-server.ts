// A fake OpenAI Chat Completions / Anthropic Messages server that injects faults, for tests that
// prove the harness survives hostile endpoints. Loopback only, ephemeral port, node: built-ins.
//
//   POST /v1/chat/completions   OpenAI shape      POST /v1/messages   Anthropic shape
//   GET  /v1/models             model list (never faulted)
//
// The answer is `ANSWER: X` from FNV-1a of the last user message (answerFor), as in
// /work/shared/bench/mock-openai.mjs. Which fault hits a completion request is drawn from a
// seeded mulberry32, so a run is reproducible given the same request order.

import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  answerFor,
  checkFaultProbabilities,
  contentText,
  estTokens,
  faultOutcome,
  successBody,
  jsonOut,
  mulberry32,
  openaiError,
  pickFault,
  zeroFaultCounts,
} from './fault-kinds.js';
import type { Api, FaultKind, Out } from './fault-kinds.js';

export { answerFor, FAULT_KINDS } from './fault-kinds.js';
export type { FaultKind } from './fault-kinds.js';

export interface FaultServerOptions {
  seed?: number;
  /** Probability per completion request of each fault; summed must be <= 1. */
  faults?: Partial<Record<FaultKind, number>>;
  /** For 429 and 503: `retry-after` is ceil(seconds), `retry-after-ms` the exact ms. Default 1. */
  retryAfterSeconds?: number;
  /** Delay of the `slow` fault before its correct answer. Default 2000. */
  slowMs?: number;
  /** Delay before every completion response (after the body is read). Default 0. */
  latencyMs?: number;
  /** 401 unless `Authorization: Bearer <key>` or `x-api-key: <key>` matches (every route). */
  requireApiKey?: string;
  /** 404 model_not_found for any other model; also the /v1/models list. */
  knownModels?: string[];
  /** After this many faults for one last user message, always answer it. Default Infinity. */
  maxFaultsPerPrompt?: number;
}

export interface FaultServerStats {
  /** Every HTTP request received, on any route. */
  requests: number;
  /** Correct completions sent (including `slow` ones). */
  answered: number;
  faults: Record<FaultKind, number>;
  /** Most completion requests open at once (hung `timeout` ones stay open until close). */
  maxInFlight: number;
  /** Correct completions sent, per last user message. */
  byPrompt: Map<string, number>;
}

export interface FaultServer {
  /** http://127.0.0.1:PORT/v1 */
  url: string;
  port: number;
  stats(): FaultServerStats;
  /** Closes the server and every socket, including hung ones. */
  close(): Promise<void>;
}

function write(res: ServerResponse, out: Out): void {
  res.writeHead(out.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(out.body),
    ...out.headers,
  });
  res.end(out.body);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const faults = options.faults ?? {};
  checkFaultProbabilities(faults);
  const rng = mulberry32(options.seed ?? 1);
  const retryAfter = options.retryAfterSeconds ?? 1;
  const retryHeaders = {
    'retry-after': String(Math.ceil(retryAfter)),
    'retry-after-ms': String(Math.round(retryAfter * 1000)),
  };
  const slowMs = options.slowMs ?? 2000;
  const latencyMs = options.latencyMs ?? 0;
  const maxFaults = options.maxFaultsPerPrompt ?? Infinity;
  const models = options.knownModels ?? ['mock-mcq-1', 'gpt-4o-mini'];

  let requests = 0;
  let answered = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let seq = 0;
  const faultCounts = zeroFaultCounts();
  const byPrompt = new Map<string, number>();
  const faultsByPrompt = new Map<string, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const authorized = (req: IncomingMessage): boolean => {
    const key = options.requireApiKey;
    if (key === undefined) return true;
    return req.headers.authorization === `Bearer ${key}` || req.headers['x-api-key'] === key;
  };

  /** Validates a completion request: an error response, or what the reply needs. */
  function parse(api: Api, raw: string): Out | { model: string; lastUser: string; tokens: number } {
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return openaiError(400, 'Request body is not valid JSON.', 'invalid_request_error', null);
    }
    if (!isRecord(body) || !Array.isArray(body.messages) || body.messages.length === 0)
      return openaiError(
        400,
        "'messages' must be a non-empty array.",
        'invalid_request_error',
        null,
      );
    if (body.stream === true)
      return openaiError(400, 'Streaming is not implemented.', 'invalid_request_error', null);
    const model = typeof body.model === 'string' ? body.model : (models[0] ?? 'mock-mcq-1');
    if (!models.includes(model)) {
      const msg = `The model '${model}' does not exist or you do not have access to it.`;
      return openaiError(404, msg, 'invalid_request_error', 'model_not_found');
    }
    let lastUser = '';
    let tokens = api === 'openai' ? 3 : estTokens(contentText(body.system));
    for (const m of body.messages as unknown[]) {
      const text = isRecord(m) ? contentText(m.content) : '';
      tokens += 4 + estTokens(text);
      if (isRecord(m) && m.role === 'user') lastUser = text;
    }
    return { model, lastUser, tokens };
  }

  function complete(api: Api, raw: string, req: IncomingMessage, res: ServerResponse): void {
    let closed = false;
    res.on('close', () => (closed = true));
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!closed) fn();
      }, ms);
      timers.add(t);
    };
    const parsed = parse(api, raw);
    if ('status' in parsed) {
      write(res, parsed);
      return;
    }
    const { model, lastUser, tokens } = parsed;
    const answer = answerFor(lastUser);
    const id = `${api === 'openai' ? 'chatcmpl-' : 'msg_'}mock${(++seq).toString(36).padStart(8, '0')}`;
    const idHeader = { [api === 'openai' ? 'x-request-id' : 'request-id']: id };
    const payload = (empty: boolean): unknown =>
      successBody(api, { id, model, answer, tokens }, empty);
    const reply = (): void => {
      answered++;
      byPrompt.set(lastUser, (byPrompt.get(lastUser) ?? 0) + 1);
      write(res, jsonOut(200, payload(false), idHeader));
    };

    const drawn = pickFault(rng(), faults); // always draw: the sequence depends on order only
    const used = faultsByPrompt.get(lastUser) ?? 0;
    const fault = drawn !== null && used < maxFaults ? drawn : null;
    if (fault !== null) {
      faultCounts[fault]++;
      faultsByPrompt.set(lastUser, used + 1);
    }
    later(latencyMs, () => {
      const out =
        fault === null ? 'answer' : faultOutcome(fault, { payload, idHeader, retryHeaders });
      if (out === 'answer') reply();
      else if (out === 'slow') later(slowMs, reply);
      else if (out === 'reset') req.socket.destroy();
      else if (out !== 'hang') write(res, out); // 'hang': never answer; close() ends it
    });
  }

  const server = http.createServer((req, res) => {
    requests++;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const post = req.method === 'POST';
    const api: Api | null =
      post && path === '/v1/chat/completions'
        ? 'openai'
        : post && path === '/v1/messages'
          ? 'anthropic'
          : null;
    if (api !== null) {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      res.on('close', () => {
        inFlight--;
      });
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => undefined);
    req.on('end', () => {
      if (!authorized(req)) {
        const msg = 'Incorrect API key provided.';
        write(res, openaiError(401, msg, 'invalid_request_error', 'invalid_api_key'));
      } else if (api !== null) {
        complete(api, Buffer.concat(chunks).toString('utf8'), req, res);
      } else if (req.method === 'GET' && path === '/v1/models') {
        const data = models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' }));
        write(res, jsonOut(200, { object: 'list', data }));
      } else {
        const msg = `Unknown route: ${req.method ?? '?'} ${path}`;
        write(res, openaiError(404, msg, 'invalid_request_error', null));
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    stats: () => ({
      requests,
      answered,
      faults: { ...faultCounts },
      maxInFlight,
      byPrompt: new Map(byPrompt),
    }),
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
      })),
  };
}
