import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';

interface CacheEntry {
  readonly key: string;
  readonly storedAt: number;
  readonly output: ModelOutput;
}

/** The cache key: a hash of the model's name and the whole request, so any change misses. */
export function cacheKey(modelName: string, request: ModelRequest): string {
  const canonical = JSON.stringify({
    model: modelName,
    messages: request.messages,
    tools: request.tools ?? [],
    toolChoice: request.toolChoice ?? null,
    config: Object.fromEntries(
      Object.entries(request.config).sort(([left], [right]) => left.localeCompare(right)),
    ),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Wraps a model with an on-disk, content-addressed response cache: a hit within `expiryMs`
 * skips the endpoint. Only successful outputs are stored; files are written whole, then
 * renamed, so a crash never leaves a torn entry. An unreadable entry counts as a miss.
 */
export function withResponseCache(
  model: ModelApi,
  options: { directory: string; expiryMs: number; now?: () => number },
): ModelApi {
  const now = options.now ?? Date.now;
  const pathOf = (key: string) => join(options.directory, key.slice(0, 2), `${key}.json`);

  async function lookup(key: string): Promise<ModelOutput | undefined> {
    try {
      const entry = JSON.parse(await readFile(pathOf(key), 'utf8')) as CacheEntry;
      if (entry.key !== key || now() - entry.storedAt > options.expiryMs) return undefined;
      return { ...entry.output, cached: true };
    } catch {
      return undefined;
    }
  }

  async function store(key: string, output: ModelOutput): Promise<void> {
    const path = pathOf(key);
    await mkdir(join(options.directory, key.slice(0, 2)), { recursive: true });
    const temporary = `${path}.${randomUUID()}.tmp`;
    await writeFile(
      temporary,
      JSON.stringify({ key, storedAt: now(), output } satisfies CacheEntry),
    );
    await rename(temporary, path);
  }

  const preflight = model.preflight?.bind(model);
  const close = model.close?.bind(model);
  return {
    name: model.name,
    ...(preflight === undefined ? {} : { preflight }),
    ...(close === undefined ? {} : { close }),
    async generate(request: ModelRequest, callOptions?: ModelCallOptions): Promise<ModelOutput> {
      const key = cacheKey(model.name, request);
      const hit = await lookup(key);
      if (hit !== undefined) return hit;
      const output = await model.generate(request, callOptions);
      try {
        await store(key, output);
      } catch {
        // A cache that cannot be written costs a future call, never this answer.
      }
      return output;
    },
  };
}
