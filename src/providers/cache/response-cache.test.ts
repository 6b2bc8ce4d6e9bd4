import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { cacheKey, withResponseCache } from './response-cache.js';

/** A model that counts its calls and answers `reply N` on the Nth; it can be told to fail. */
class CountingModel implements ModelApi {
  calls = 0;
  closed = 0;
  preflights = 0;
  failNext: Error | undefined;

  readonly name: string;

  constructor(name = 'counting/model') {
    this.name = name;
  }

  generate(request: ModelRequest): Promise<ModelOutput> {
    this.calls += 1;
    if (this.failNext !== undefined) {
      const error = this.failNext;
      this.failNext = undefined;
      return Promise.reject(error);
    }
    return Promise.resolve({
      model: this.name,
      message: { role: 'assistant', content: `reply ${this.calls}` },
      stopReason: 'stop',
      usage: {
        inputTokens: request.messages.length,
        outputTokens: 2,
        totalTokens: request.messages.length + 2,
      },
    });
  }

  preflight(): Promise<void> {
    this.preflights += 1;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed += 1;
    return Promise.resolve();
  }
}

const request: ModelRequest = {
  messages: [
    { role: 'system', content: 'Answer with ANSWER: X.' },
    { role: 'user', content: 'Which port does SSH use?' },
  ],
  tools: [{ name: 'port_scan', description: 'Scan ports.', parameters: { type: 'object' } }],
  toolChoice: 'auto',
  config: { temperature: 0, maxTokens: 64 },
};

const firstReply: ModelOutput = {
  model: 'counting/model',
  message: { role: 'assistant', content: 'reply 1' },
  stopReason: 'stop',
  usage: { inputTokens: 2, outputTokens: 2, totalTokens: 4 },
};

const cacheDir = useTempDir('vigil-cache-');
let directory: string;
let clock: number;
const now = (): number => clock;

beforeEach(() => {
  directory = cacheDir.path;
  clock = 1_000_000;
});

function entryPath(key: string): string {
  return join(directory, key.slice(0, 2), `${key}.json`);
}

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}

describe('withResponseCache', () => {
  it('serves a second identical request from the cache without calling the model', async () => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 60_000, now });
    expect(model.name).toBe('counting/model');

    expect(await model.generate(request)).toStrictEqual(firstReply);
    expect(await model.generate(request)).toStrictEqual({ ...firstReply, cached: true });
    expect(inner.calls).toBe(1);

    const key = cacheKey('counting/model', request);
    expect(await filesUnder(directory)).toStrictEqual([join(key.slice(0, 2), `${key}.json`)]);
    expect(JSON.parse(await readFile(entryPath(key), 'utf8'))).toStrictEqual({
      key,
      storedAt: 1_000_000,
      output: firstReply,
    });
  });

  it('serves the hit from a fresh wrapper over the same directory', async () => {
    const first = new CountingModel();
    await withResponseCache(first, { directory, expiryMs: 60_000, now }).generate(request);
    const second = new CountingModel();
    const output = await withResponseCache(second, { directory, expiryMs: 60_000, now }).generate(
      request,
    );
    expect(output).toStrictEqual({ ...firstReply, cached: true });
    expect(second.calls).toBe(0);
  });

  it('misses when the config, messages, tools, tool choice or model name differ', async () => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 60_000, now });
    await model.generate(request);

    const variants: ModelRequest[] = [
      { ...request, config: { temperature: 0.7, maxTokens: 64 } },
      { ...request, config: { temperature: 0, maxTokens: 64, seed: 1 } },
      { ...request, messages: [...request.messages, { role: 'user', content: 'And HTTPS?' }] },
      { ...request, messages: [{ role: 'user', content: 'Which port does SSH use?' }] },
      { ...request, tools: [] },
      { ...request, toolChoice: 'required' },
    ];
    for (const [index, variant] of variants.entries()) {
      const output = await model.generate(variant);
      expect(output.cached).toBeUndefined();
      expect(output.message.content).toBe(`reply ${index + 2}`);
    }
    expect(inner.calls).toBe(7);

    const renamed = new CountingModel('counting/other');
    const output = await withResponseCache(renamed, { directory, expiryMs: 60_000, now }).generate(
      request,
    );
    expect(output.cached).toBeUndefined();
    expect(renamed.calls).toBe(1);
  });

  it('misses once an entry is older than expiryMs, and stores the fresh answer', async () => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 1_000, now });
    await model.generate(request);

    clock += 1_000; // exactly expiryMs old: still fresh
    expect((await model.generate(request)).cached).toBe(true);
    expect(inner.calls).toBe(1);

    clock += 1; // 1001 ms old: expired
    const refreshed = await model.generate(request);
    expect(refreshed.cached).toBeUndefined();
    expect(refreshed.message.content).toBe('reply 2');
    expect(inner.calls).toBe(2);

    const key = cacheKey(inner.name, request);
    const entry = JSON.parse(await readFile(entryPath(key), 'utf8')) as { storedAt: number };
    expect(entry.storedAt).toBe(1_001_001);
    expect((await model.generate(request)).message.content).toBe('reply 2');
    expect(inner.calls).toBe(2);
  });

  it.each([
    ['garbage', 'not json {'],
    ['a torn write', '{"key":"abc","storedAt":1,"output":{"model":"counting/mo'],
    ['JSON null', 'null'],
  ])('treats a corrupt entry (%s) as a miss and overwrites it', async (_label, content) => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 60_000, now });
    const key = cacheKey(inner.name, request);
    await mkdir(join(directory, key.slice(0, 2)), { recursive: true });
    await writeFile(entryPath(key), content);

    expect(await model.generate(request)).toStrictEqual(firstReply);
    expect(inner.calls).toBe(1);
    expect(JSON.parse(await readFile(entryPath(key), 'utf8'))).toStrictEqual({
      key,
      storedAt: 1_000_000,
      output: firstReply,
    });
    expect((await model.generate(request)).cached).toBe(true);
    expect(inner.calls).toBe(1);
  });

  it('misses when the file holds an entry for another key', async () => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 60_000, now });
    const key = cacheKey(inner.name, request);
    await mkdir(join(directory, key.slice(0, 2)), { recursive: true });
    await writeFile(
      entryPath(key),
      JSON.stringify({
        key: 'f'.repeat(64),
        storedAt: clock,
        output: { ...firstReply, message: { role: 'assistant', content: 'stale' } },
      }),
    );
    expect((await model.generate(request)).message.content).toBe('reply 1');
    expect(inner.calls).toBe(1);
  });

  it('does not cache errors', async () => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 60_000, now });
    const failure = new ModelApiError('overloaded', {
      provider: 'counting',
      reason: 'overloaded',
      isRetryable: true,
    });
    inner.failNext = failure;
    await expect(model.generate(request)).rejects.toBe(failure);
    expect(await filesUnder(directory)).toStrictEqual([]);

    expect(await model.generate(request)).toStrictEqual({
      ...firstReply,
      message: { role: 'assistant', content: 'reply 2' },
    });
    expect(inner.calls).toBe(2);
  });

  it('passes preflight and close through to the model', async () => {
    const inner = new CountingModel();
    const model = withResponseCache(inner, { directory, expiryMs: 60_000, now });
    await model.preflight?.();
    await model.close?.();
    expect([inner.preflights, inner.closed]).toStrictEqual([1, 1]);
  });

  it('adds no preflight or close the model lacks', () => {
    const bare: ModelApi = { name: 'bare/model', generate: () => Promise.reject(new Error('no')) };
    const model = withResponseCache(bare, { directory, expiryMs: 1, now });
    expect('preflight' in model).toBe(false);
    expect('close' in model).toBe(false);
  });
});

describe('cacheKey', () => {
  const messages = request.messages;

  it('is a sha256 hex digest that ignores the order of config keys', () => {
    const left = cacheKey('m', { messages, config: { temperature: 0, maxTokens: 5, topP: 1 } });
    const right = cacheKey('m', { messages, config: { topP: 1, maxTokens: 5, temperature: 0 } });
    expect(left).toMatch(/^[0-9a-f]{64}$/);
    expect(right).toBe(left);
  });

  it('changes with any config value, the model name, the tools or the tool choice', () => {
    const base = cacheKey('m', { messages, config: { temperature: 0 } });
    const others = [
      cacheKey('m', { messages, config: { temperature: 1 } }),
      cacheKey('m', { messages, config: {} }),
      cacheKey('n', { messages, config: { temperature: 0 } }),
      cacheKey('m', { messages, toolChoice: 'none', config: { temperature: 0 } }),
      cacheKey('m', {
        messages,
        tools: [{ name: 't', description: 'd', parameters: {} }],
        config: { temperature: 0 },
      }),
    ];
    expect(new Set([base, ...others]).size).toBe(6);
  });

  it('treats absent tools and tool choice like an empty list and no choice', () => {
    expect(cacheKey('m', { messages, tools: [], config: {} })).toBe(
      cacheKey('m', { messages, config: {} }),
    );
  });
});
