import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closedPort } from '../support/closed-port.js';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { repoRoot, runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const benchKit = resolve(repoRoot, '../shared/bench');
const dir = useTempDir('vigil-endpoints-');
let server: FaultServer | undefined;
let mock: ChildProcess | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
  mock?.kill('SIGTERM');
  mock = undefined;
});

function node(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('close', (code) => {
      if (code === 0) done(out);
      else fail(new Error(`${args.join(' ')} exited ${String(code)}`));
    });
  });
}

async function startBenchMock(): Promise<string> {
  const port = await closedPort();
  mock = spawn(process.execPath, [join(benchKit, 'mock-openai.mjs'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((done) =>
    mock?.stdout?.on('data', () => {
      done();
    }),
  );
  return `http://127.0.0.1:${String(port)}/v1`;
}

describe('vigil eval against OpenAI-compatible endpoints', () => {
  it.runIf(existsSync(join(benchKit, 'mock-openai.mjs')))(
    "scores exactly what the bench endpoint's deterministic answers imply",
    async () => {
      const generated = JSON.parse(
        await node(
          [join(benchKit, 'gen-mcq-jsonl.mjs'), '500', '--out', join(dir.path, 'mcq.jsonl')],
          dir.path,
        ),
      ) as { expectedCorrect: number };
      const url = await startBenchMock();
      const result = await runCli([
        'eval',
        join(dir.path, 'mcq.jsonl'),
        '--scorer',
        'includes',
        '--model',
        'openai/mock-mcq-1',
        '--base-url',
        url,
        '--max-connections',
        '32',
        '--log-dir',
        join(dir.path, 'logs'),
        '--json',
      ]);
      expect(result.code).toBe(0);
      const outcome = JSON.parse(result.stdout) as {
        scorers: { metrics: { accuracy: { value: number } } }[];
      };
      expect(outcome.scorers[0]?.metrics.accuracy.value).toBe(generated.expectedCorrect / 500);
    },
  );

  it('stops at once on a refused connection, naming the endpoint, and writes no log', async () => {
    const port = await closedPort();
    const result = await runCli([
      'eval',
      'cyber.knowledge',
      '--model',
      'openai/gpt-4o',
      '--base-url',
      `http://127.0.0.1:${String(port)}/v1`,
      '--log-dir',
      join(dir.path, 'logs'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot reach openai at http://127.0.0.1:${String(port)}/v1`);
    expect(result.stderr).toContain('check the base URL');
    await expect(readdir(join(dir.path, 'logs'))).rejects.toThrow(/ENOENT/);
  });

  it('stops at once on a bad key without printing the key, and warns about a key on the command line', async () => {
    server = await startFaultServer({ requireApiKey: 'sk-right-key-000000' });
    const secret = 'sk-wrong-key-123456789';
    const result = await runCli([
      'eval',
      'cyber.knowledge',
      '--model',
      'openai/mock-mcq-1',
      '--base-url',
      server.url,
      '--api-key',
      secret,
      '--log-dir',
      join(dir.path, 'logs'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/answered 401/);
    expect(result.stderr).toContain('check the API key (from --api-key)');
    expect(result.stderr).toMatch(/warning: the API key given with --api-key is visible/);
    expect(result.stderr + result.stdout).not.toContain(secret);
    expect(server.stats().requests).toBe(1); // the preflight only, not one call per sample
  });

  it('names the models an endpoint serves when the model is unknown', async () => {
    server = await startFaultServer({ knownModels: ['served-model'] });
    const result = await runCli([
      'eval',
      'cyber.knowledge',
      '--model',
      'openai/other-model',
      '--base-url',
      server.url,
      '--log-dir',
      join(dir.path, 'logs'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not serve model "other-model" — it lists: served-model');
  });

  it('reuses identical responses with --cache', async () => {
    server = await startFaultServer();
    const args = [
      'eval',
      'cyber.knowledge',
      '--model',
      'openai/mock-mcq-1',
      '--base-url',
      server.url,
      '--cache',
      '--cache-dir',
      join(dir.path, 'cache'),
      '--log-dir',
      join(dir.path, 'logs'),
      '--limit',
      '10',
      '--no-progress',
    ];
    expect((await runCli(args)).code).toBe(0);
    expect(server.stats().answered).toBe(10);
    const second = await runCli([...args, '--json']);
    expect(second.code).toBe(0);
    expect(server.stats().answered).toBe(10); // every answer came from the cache
  });
});
