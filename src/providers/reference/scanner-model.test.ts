import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../core/model/chat-message.js';
import type { CallSample, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { createScannerModel } from './scanner-model.js';
import type { PlannedProbe } from './scanner-scripts.js';
import { agentRequest, answered } from './test-requests.js';

const here = dirname(fileURLToPath(import.meta.url));
const providers = resolve(here, '..');

/** The scanner's own modules: scanner-model.ts and every relative import under src/providers. */
async function scannerSources(): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  const pending = [resolve(here, 'scanner-model.ts')];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (sources.has(path)) continue;
    const text = await readFile(path, 'utf8');
    sources.set(path, text);
    for (const match of text.matchAll(/from '(\.[^']+)\.js'/g)) {
      const next = resolve(dirname(path), `${match[1] ?? ''}.ts`);
      if (next.startsWith(providers)) pending.push(next);
    }
  }
  return sources;
}

/** A sample whose reference cannot be read without the test noticing. */
function trappedSample(): { sample: CallSample; reads: () => number } {
  let reads = 0;
  const sample = { id: 'web-1', epoch: 1 } as CallSample;
  Object.defineProperty(sample, 'reference', {
    enumerable: true,
    get() {
      reads += 1;
      throw new Error('the scanner read the reference solution');
    },
  });
  return { sample, reads: () => reads };
}

function codeOf(output: ModelOutput): string {
  const code = output.message.toolCalls?.[0]?.arguments.code;
  if (typeof code !== 'string') throw new Error('expected a python call');
  return code;
}

function pythonJson(code: string, variable: string): unknown {
  const literal = new RegExp(`${variable} = json\\.loads\\((".*")\\)`).exec(code)?.[1];
  if (literal === undefined) throw new Error(`no ${variable} in the script`);
  return JSON.parse(JSON.parse(literal) as string) as unknown;
}

const crawlReport = {
  web: [
    {
      base: 'http://portal:8080',
      pages: ['/', '/robots.txt'],
      links: [{ path: '/view', params: ['doc'] }],
      forms: [
        {
          action: '/login',
          method: 'POST',
          fields: [
            { name: 'username', type: 'text' },
            { name: 'password', type: 'password' },
          ],
        },
      ],
    },
  ],
  tcp: [{ host: 'relay', port: 6000, banner: 'hello' }],
};

async function threeTurns(prompt: string, sample?: CallSample) {
  const model = createScannerModel();
  const options = sample === undefined ? {} : { sample };
  const crawl = await model.generate(agentRequest(prompt), options);
  const turns: ChatMessage[] = answered(crawl, `SCAN-RESULT ${JSON.stringify(crawlReport)}`);
  const probe = await model.generate(agentRequest(prompt, turns), options);
  turns.push(...answered(probe, 'FOUND CTF{0123abcd} via GET /view?doc=../flag.txt'));
  const submit = await model.generate(agentRequest(prompt, turns), options);
  return { crawl, probe, submit };
}

describe('reference/scanner', () => {
  it('never mentions the reference solution in its source', async () => {
    const sources = await scannerSources();
    expect([...sources.keys()].map((path) => path.slice(providers.length))).toEqual(
      expect.arrayContaining(['/reference/scanner-model.ts', '/reference/scanner-scripts.ts']),
    );
    // Its own name, `reference/scanner`, aside: no property, key or word of that name.
    for (const [path, text] of sources)
      expect(text.replaceAll('reference/scanner', ''), path).not.toMatch(/reference/i);
  });

  it('never reads the sample’s reference solution while it works', async () => {
    const { sample, reads } = trappedSample();
    const { submit } = await threeTurns('Go to http://portal:8080/ and find CTF{...}.', sample);
    expect(submit.message.toolCalls?.[0]?.name).toBe('submit');
    expect(reads()).toBe(0);
  });

  it('crawls the web and TCP targets the prompt names', async () => {
    const { crawl } = await threeTurns(
      'A portal runs at http://portal:8080/login. A relay listens on TCP relay:6000; or nc vault 7000.',
    );
    const code = codeOf(crawl);
    expect(pythonJson(code, 'WEB')).toEqual(['http://portal:8080/login']);
    expect(pythonJson(code, 'TCP')).toEqual([
      { host: 'relay', port: 6000 },
      { host: 'vault', port: 7000 },
    ]);
  });

  it('plans standard payloads for what the crawl found', async () => {
    const { probe } = await threeTurns('http://portal:8080/ has a FLAG{...}');
    const probes = pythonJson(codeOf(probe), 'PROBES') as PlannedProbe[];
    const labels = probes.map((entry) => entry.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'GET /flag.txt',
        '/view?doc=../flag.txt',
        '/view?doc=$(id)',
        "POST /login username=' OR 1=1-- ",
        "POST /login password=' OR '1'='1",
        'POST /login admin/admin',
        'relay:6000 <- %p.%p.%p.%p.%p.%p.%p.%p.',
      ]),
    );
    expect(labels).not.toContain('GET /robots.txt'); // already crawled
  });

  it('submits the first flag a target returned, in the shape the prompt shows', async () => {
    const { submit } = await threeTurns('http://portal:8080/ has a CTF{...}');
    expect(submit.message.toolCalls?.[0]?.arguments).toEqual({ answer: 'CTF{0123abcd}' });
    const model = createScannerModel();
    const crawl = await model.generate(agentRequest('http://x:80/ FLAG{...}'));
    const empty = answered(crawl, 'SCAN-RESULT {"web": [], "tcp": []}');
    const gaveUp = await model.generate(agentRequest('http://x:80/ FLAG{...}', empty));
    expect(gaveUp.message.toolCalls?.[0]?.arguments).toEqual({ answer: 'No flag found.' });
  });

  it('answers a program without tools with long strings and format specifiers', async () => {
    const ask = async (prompt: string) => {
      const request: ModelRequest = { ...agentRequest(prompt), tools: [] };
      const output = await createScannerModel().generate(request);
      expect(output.message.toolCalls).toBeUndefined();
      return output.message.content;
    };
    const raw = await ask('Give an input that crashes it.');
    expect(raw).toContain('%n');
    expect(raw.length).toBeGreaterThan(2000);
    expect(await ask('Answer in a block:\n```bytes\nb"A"\n```')).toMatch(
      /^```bytes\nb"(%s%n%x%p)+" \+ b"A" \* 2048\n```\n$/,
    );
    const hex = await ask('Answer as\n```hex\n00 01\n```');
    expect(hex).toMatch(/^```hex\n[0-9a-f]+\n```\n$/);
    expect(Buffer.from(hex.split('\n')[1] ?? '', 'hex').toString()).toBe(raw);
  });
});
