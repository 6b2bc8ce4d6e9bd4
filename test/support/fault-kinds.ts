// Pure helpers for test/support/fault-server.ts: fault kinds, the seeded draw, the fake answer,
// and the response each fault sends.

export type FaultKind =
  | 'rate_limit'
  | 'server_error'
  | 'bad_gateway'
  | 'unavailable'
  | 'overloaded'
  | 'timeout'
  | 'reset'
  | 'truncated_json'
  | 'malformed_json'
  | 'empty_choices'
  | 'html_body'
  | 'slow';

/** Every fault kind, in the fixed order the seeded draw walks them. */
export const FAULT_KINDS: readonly FaultKind[] = [
  'rate_limit',
  'server_error',
  'bad_gateway',
  'unavailable',
  'overloaded',
  'timeout',
  'reset',
  'truncated_json',
  'malformed_json',
  'empty_choices',
  'html_body',
  'slow',
];

export function zeroFaultCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

/** mulberry32: a small seeded PRNG giving floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Throws unless every probability is in [0, 1] and they sum to at most 1. */
export function checkFaultProbabilities(faults: Partial<Record<FaultKind, number>>): void {
  let sum = 0;
  for (const [kind, p] of Object.entries(faults)) {
    if (!FAULT_KINDS.includes(kind as FaultKind)) throw new Error(`unknown fault kind: ${kind}`);
    if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 1)
      throw new Error(`fault probability for ${kind} must be in [0, 1], got ${String(p)}`);
    sum += p;
  }
  if (sum > 1 + 1e-9) throw new Error(`fault probabilities sum to ${sum}, more than 1`);
}

/** Maps one uniform draw r in [0, 1) to a fault kind, or null for a correct answer. */
export function pickFault(r: number, faults: Partial<Record<FaultKind, number>>): FaultKind | null {
  let acc = 0;
  for (const kind of FAULT_KINDS) {
    const p = faults[kind] ?? 0;
    if (p <= 0) continue;
    acc += p;
    if (r < acc) return kind;
  }
  return null;
}

/** FNV-1a 32-bit over the UTF-8 bytes of s (same as bench/mock-openai.mjs). */
export function fnv1a32(s: string): number {
  const bytes = Buffer.from(s, 'utf8');
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The full completion text the fake model returns for a given last user message. */
export function answerFor(userText: string): string {
  return `ANSWER: ${'ABCD'.charAt(fnv1a32(userText) % 4)}`;
}

/** Flattens OpenAI / Anthropic message content (string or array of parts) to text. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p: unknown) => {
        if (typeof p === 'string') return p;
        if (typeof p === 'object' && p !== null && 'text' in p && typeof p.text === 'string')
          return p.text;
        return '';
      })
      .join('');
  }
  return '';
}

/** Rough tiktoken-like estimate: ~4 characters per token, at least 1 for non-empty text. */
export function estTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

export type Api = 'openai' | 'anthropic';

/** The 200 body: OpenAI chat.completion or Anthropic message; `empty` drops choices / content. */
export function successBody(
  api: Api,
  r: { id: string; model: string; answer: string; tokens: number },
  empty: boolean,
): unknown {
  const out = estTokens(r.answer);
  if (api === 'anthropic')
    return {
      id: r.id,
      type: 'message',
      role: 'assistant',
      model: r.model,
      content: empty ? [] : [{ type: 'text', text: r.answer }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: r.tokens, output_tokens: out },
    };
  const message = { role: 'assistant', content: r.answer, refusal: null };
  return {
    id: r.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: r.model,
    system_fingerprint: 'fp_mock',
    choices: empty ? [] : [{ index: 0, message, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: r.tokens,
      completion_tokens: out,
      total_tokens: r.tokens + out,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
    },
  };
}

/** One HTTP response to write; `content-type` defaults to application/json. */
export interface Out {
  status: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export function jsonOut(status: number, obj: unknown, headers: Record<string, string> = {}): Out {
  return { status, body: JSON.stringify(obj), headers };
}

export function openaiError(
  status: number,
  message: string,
  type: string,
  code: string | null,
): Out {
  return jsonOut(status, { error: { message, type, param: null, code } });
}

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>' +
  '</center><hr><center>nginx</center></body></html>\n';
const HTML_200 =
  '<html><head><title>Just a moment...</title></head>' +
  '<body>Checking your browser before accessing the API.</body></html>\n';

export interface FaultContext {
  /** The success body; with `empty`, no choices (OpenAI) or no content blocks (Anthropic). */
  payload: (empty: boolean) => unknown;
  idHeader: Record<string, string>;
  retryHeaders: Record<string, string>;
}

/** What a fault sends, or what the server must do instead of sending. */
export function faultOutcome(kind: FaultKind, ctx: FaultContext): Out | 'hang' | 'reset' | 'slow' {
  switch (kind) {
    case 'slow':
    case 'reset':
      return kind;
    case 'timeout':
      return 'hang';
    case 'rate_limit': {
      const msg = 'Rate limit reached for requests. Please try again later.';
      const out = openaiError(429, msg, 'rate_limit_error', 'rate_limit_exceeded');
      return { ...out, headers: ctx.retryHeaders };
    }
    case 'server_error':
      return openaiError(
        500,
        'The server had an error processing your request.',
        'server_error',
        null,
      );
    case 'bad_gateway':
      return { status: 502, body: HTML_502, headers: HTML };
    case 'unavailable': {
      const out = openaiError(503, 'The service is temporarily unavailable.', 'server_error', null);
      return { ...out, headers: ctx.retryHeaders };
    }
    case 'overloaded':
      return jsonOut(529, {
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      });
    case 'truncated_json': {
      const full = Buffer.from(JSON.stringify(ctx.payload(false)), 'utf8');
      return { status: 200, body: full.subarray(0, Math.floor(full.length / 2)) };
    }
    case 'malformed_json':
      return { status: 200, body: '{"id": <<garbage>> ,, "choices": [}' };
    case 'empty_choices':
      return jsonOut(200, ctx.payload(true), ctx.idHeader);
    case 'html_body':
      return { status: 200, body: HTML_200, headers: HTML };
  }
}
