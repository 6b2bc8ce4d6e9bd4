import { afterEach, describe, expect, it } from 'vitest';
import { answerFor, startFaultServer } from './fault-server.js';
import type { FaultKind, FaultServer, FaultServerOptions } from './fault-server.js';

/** Matches any string (typed unknown, so lint sees no `any`). */
const anyString: unknown = expect.any(String);

const open: FaultServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(options: FaultServerOptions = {}): Promise<FaultServer> {
  const server = await startFaultServer(options);
  open.push(server);
  return server;
}
async function only(kind: FaultKind, options: FaultServerOptions = {}): Promise<FaultServer> {
  return start({ ...options, faults: { [kind]: 1 } });
}

interface Call {
  prompt?: string;
  model?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
function chat(server: FaultServer, call: Call = {}): Promise<Response> {
  return fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...call.headers },
    body: JSON.stringify({
      model: call.model ?? 'mock-mcq-1',
      messages: [
        { role: 'system', content: 'Answer with ANSWER: X.' },
        { role: 'user', content: call.prompt ?? 'What is 2+2?' },
      ],
    }),
    ...(call.signal ? { signal: call.signal } : {}),
  });
}
function messages(server: FaultServer, prompt = 'What is 2+2?'): Promise<Response> {
  return fetch(`${server.url}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({
      model: 'mock-mcq-1',
      max_tokens: 16,
      system: 'Answer with ANSWER: X.',
      messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
    }),
  });
}

interface ChatBody {
  choices: { message: { role: string; content: string }; finish_reason: string }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

describe('fault server: base behaviour', () => {
  it('binds to loopback and answers deterministically with realistic usage', async () => {
    const server = await start();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    expect(server.port).toBeGreaterThan(0);
    expect(answerFor('What is 2+2?')).toMatch(/^ANSWER: [ABCD]$/);
    const res = await chat(server);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^chatcmpl/);
    const body = (await res.json()) as ChatBody;
    expect(body.choices[0]!.message).toMatchObject({
      role: 'assistant',
      content: answerFor('What is 2+2?'),
    });
    expect(body.choices[0]!.finish_reason).toBe('stop');
    expect(body.usage.prompt_tokens).toBeGreaterThan(8);
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('answers differently for different prompts (the answer depends on the prompt)', () => {
    const letters = new Set(Array.from({ length: 40 }, (_, i) => answerFor(`question ${i}`)));
    expect(letters).toEqual(new Set(['ANSWER: A', 'ANSWER: B', 'ANSWER: C', 'ANSWER: D']));
  });

  it('lists models', async () => {
    const server = await start({ knownModels: ['m-1', 'm-2'] });
    const res = await fetch(`${server.url}/models`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string }[] };
    expect(body.data.map((m) => m.id)).toEqual(['m-1', 'm-2']);
  });

  it('serves the Anthropic Messages shape', async () => {
    const server = await start();
    const res = await messages(server, 'Which port?');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'mock-mcq-1',
      content: [{ type: 'text', text: answerFor('Which port?') }],
      stop_reason: 'end_turn',
    });
    expect(body.id).toMatch(/^msg_/);
    const usage = body.usage as { input_tokens: number; output_tokens: number };
    expect(usage.input_tokens).toBeGreaterThan(4);
    expect(usage.output_tokens).toBeGreaterThan(0);
  });

  it('rejects fault probabilities that sum to more than 1', async () => {
    await expect(startFaultServer({ faults: { rate_limit: 0.6, reset: 0.6 } })).rejects.toThrow(
      /sum/,
    );
  });
});

describe('fault server: each fault kind with probability 1', () => {
  it('rate_limit: 429 with retry-after (ceil seconds) and retry-after-ms', async () => {
    const server = await only('rate_limit', { retryAfterSeconds: 1.5 });
    const res = await chat(server);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('retry-after-ms')).toBe('1500');
    expect(await res.json()).toMatchObject({
      error: { type: 'rate_limit_error', code: 'rate_limit_exceeded', message: anyString },
    });
  });

  it('server_error: 500 with an OpenAI error body', async () => {
    const res = await chat(await only('server_error'));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      error: { type: 'server_error', message: anyString },
    });
  });

  it('bad_gateway: 502 with an HTML body', async () => {
    const res = await chat(await only('bad_gateway'));
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/^<html>.*502 Bad Gateway/);
  });

  it('unavailable: 503 with retry-after defaulting to 1 second', async () => {
    const res = await chat(await only('unavailable'));
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('retry-after-ms')).toBe('1000');
    expect(await res.json()).toHaveProperty('error.message');
  });

  it('overloaded: 529 with an Anthropic error body', async () => {
    const res = await chat(await only('overloaded'));
    expect(res.status).toBe(529);
    expect(await res.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: anyString },
    });
  });

  it('timeout: the request hangs until the client gives up', async () => {
    const server = await only('timeout');
    const t0 = Date.now();
    const err: unknown = await chat(server, { signal: AbortSignal.timeout(300) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('TimeoutError');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    expect(server.stats().faults.timeout).toBe(1);
    expect(server.stats().answered).toBe(0);
  });

  it('reset: the socket is destroyed without a response', async () => {
    const server = await only('reset');
    const err: unknown = await chat(server).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect(server.stats().faults.reset).toBe(1);
  });

  it('truncated_json: 200 JSON whose body is cut in half, with a matching content-length', async () => {
    const res = await chat(await only('truncated_json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(text.startsWith('{"id":"chatcmpl')).toBe(true);
    expect(text.length).toBeGreaterThan(100);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('malformed_json: 200 JSON that is garbage after {"id": ', async () => {
    const res = await chat(await only('malformed_json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const text = await res.text();
    expect(text.startsWith('{"id": ')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('empty_choices: 200 with choices [] (and content [] on the Anthropic route)', async () => {
    const server = await only('empty_choices');
    const res = await chat(server);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ChatBody;
    expect(body.choices).toEqual([]);
    expect(body.usage.total_tokens).toBeGreaterThan(0);
    const anth = (await (await messages(server)).json()) as { type: string; content: unknown[] };
    expect(anth.type).toBe('message');
    expect(anth.content).toEqual([]);
    expect(server.stats().faults.empty_choices).toBe(2);
    expect(server.stats().answered).toBe(0);
  });

  it('html_body: 200 with a text/html page', async () => {
    const res = await chat(await only('html_body'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const text = await res.text();
    expect(text).toMatch(/<html>/);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('slow: answers correctly after slowMs', async () => {
    const server = await only('slow', { slowMs: 400 });
    const t0 = Date.now();
    const res = await chat(server, { prompt: 'slow one' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
    expect(res.status).toBe(200);
    expect(((await res.json()) as ChatBody).choices[0]!.message.content).toBe(
      answerFor('slow one'),
    );
    expect(server.stats()).toMatchObject({ answered: 1, faults: { slow: 1 } });
  });

  it('injects faults on the Anthropic route too', async () => {
    const server = await only('overloaded');
    const res = await messages(server);
    expect(res.status).toBe(529);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});

describe('fault server: limits, auth and lifecycle', () => {
  it('maxFaultsPerPrompt: after that many faults for one prompt, it answers', async () => {
    const server = await only('rate_limit', { maxFaultsPerPrompt: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat(server, { prompt: 'p1' })).status);
    statuses.push((await chat(server, { prompt: 'p2' })).status);
    expect(statuses).toEqual([429, 429, 200, 200, 429]);
    const s = server.stats();
    expect(s.faults.rate_limit).toBe(3);
    expect(s.answered).toBe(2);
    expect(s.byPrompt).toEqual(new Map([['p1', 2]]));
  });

  it('401 with an OpenAI error body unless Bearer or x-api-key matches', async () => {
    const server = await start({ requireApiKey: 'sk-test' });
    const none = await chat(server);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: { code: 'invalid_api_key', message: anyString },
    });
    expect((await chat(server, { headers: { authorization: 'Bearer sk-wrong' } })).status).toBe(
      401,
    );
    expect((await fetch(`${server.url}/models`)).status).toBe(401);
    expect((await chat(server, { headers: { authorization: 'Bearer sk-test' } })).status).toBe(200);
    expect((await chat(server, { headers: { 'x-api-key': 'sk-test' } })).status).toBe(200);
    expect(server.stats().answered).toBe(2);
  });

  it('404 model_not_found for unknown models', async () => {
    const server = await start({ knownModels: ['gpt-x'] });
    const res = await chat(server, { model: 'gpt-nope' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'model_not_found' } });
    expect((await chat(server, { model: 'gpt-x' })).status).toBe(200);
  });

  it('close() ends hung requests', async () => {
    const server = await startFaultServer({ faults: { timeout: 1 } });
    const pending = chat(server).then(
      () => 'answered',
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(server.stats().faults.timeout).toBe(1);
    const t0 = Date.now();
    await server.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(TypeError);
    await expect(fetch(`${server.url}/models`)).rejects.toThrow(TypeError);
  });

  it('stats count requests, answers, faults and in-flight peaks; the draw is reproducible', async () => {
    const run = async (): Promise<{ statuses: number[]; server: FaultServer }> => {
      const server = await start({ seed: 42, faults: { rate_limit: 0.3, server_error: 0.2 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++)
        statuses.push((await chat(server, { prompt: `q${i % 3}` })).status);
      await fetch(`${server.url}/models`);
      return { statuses, server };
    };
    const a = await run();
    const b = await run();
    expect(a.statuses).toEqual(b.statuses);
    const s = a.server.stats();
    const count = (code: number): number => a.statuses.filter((x) => x === code).length;
    expect(s.requests).toBe(31);
    expect(s.answered).toBe(count(200));
    expect(s.faults.rate_limit).toBe(count(429));
    expect(s.faults.server_error).toBe(count(500));
    expect(count(200)).toBeGreaterThan(0);
    expect(count(429)).toBeGreaterThan(0);
    expect(count(500)).toBeGreaterThan(0);
    expect([...s.byPrompt.values()].reduce((x, y) => x + y, 0)).toBe(s.answered);
    expect(s.maxInFlight).toBe(1);

    const slow = await start({ latencyMs: 200 });
    await Promise.all(Array.from({ length: 5 }, () => chat(slow)));
    expect(slow.stats().maxInFlight).toBe(5);
    expect(slow.stats().byPrompt.get('What is 2+2?')).toBe(5);
  });
});
