import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFaultServer, type FaultServer } from '../support/fault-server.js';
import { readSampleRecords } from '../support/log-files.js';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const sampleCount = 300;
const dir = useTempDir('vigil-resume-');
let server: FaultServer | undefined;

beforeEach(async () => {
  const lines = Array.from({ length: sampleCount }, (_, index) =>
    JSON.stringify({ id: `q${index}`, input: `Question ${index}?`, target: 'ANSWER' }),
  );
  await writeFile(join(dir.path, 'data.jsonl'), `${lines.join('\n')}\n`);
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function logsIn(logDir: string): Promise<string[]> {
  return (await readdir(logDir)).sort().map((name) => join(logDir, name));
}

async function lineCount(path: string): Promise<number> {
  try {
    return (await readFile(path, 'utf8')).split('\n').length - 1;
  } catch {
    return 0;
  }
}

function evalArgs(url: string, logDir: string, extra: readonly string[] = []): string[] {
  return [
    'eval',
    join(dir.path, 'data.jsonl'),
    '--model',
    'openai/mock-mcq-1',
    '--base-url',
    url,
    '--scorer',
    'includes',
    '--max-connections',
    '4',
    '--log-dir',
    logDir,
    '--no-progress',
    ...extra,
  ];
}

describe('vigil eval --resume', () => {
  it('continues a run killed with SIGKILL without re-running finished samples or duplicating any', async () => {
    server = await startFaultServer({ latencyMs: 15 });
    const logDir = join(dir.path, 'logs');
    const killed = await runCli(evalArgs(server.url, logDir), {
      onStart: (child) => {
        const poll = setInterval(() => {
          void readdir(logDir)
            .then(async (names) => (names[0] === undefined ? 0 : lineCount(join(logDir, names[0]))))
            .then((lines) => {
              if (lines > 60) {
                clearInterval(poll);
                child.kill('SIGKILL');
              }
            })
            .catch(() => undefined);
        }, 20);
      },
    });
    expect(killed.code).toBeNull(); // killed by the signal
    const [crashedLog] = await logsIn(logDir);
    const before = await readSampleRecords(crashedLog ?? '');
    expect(before.length).toBeGreaterThan(50);
    expect(before.length).toBeLessThan(sampleCount);
    const answeredBeforeResume = server.stats().answered;

    const resumed = await runCli(['eval', '--resume', crashedLog ?? '', '--no-progress']);
    expect(resumed.stderr).not.toMatch(/error/i);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`(${String(before.length)} copied from`);

    const logs = await logsIn(logDir);
    expect(logs).toHaveLength(2);
    const after = await readSampleRecords(logs.find((path) => path !== crashedLog) ?? '');
    expect(after).toHaveLength(sampleCount);
    expect(new Set(after.map((record) => record.id)).size).toBe(sampleCount);
    // Finished samples were copied, not asked again: the endpoint answered only the rest.
    const answeredByResume = server.stats().answered - answeredBeforeResume;
    expect(answeredByResume).toBe(sampleCount - before.length);
    const copiedIds = new Set(before.map((record) => record.id));
    expect(
      after
        .filter((record) => copiedIds.has(record.id))
        .every((record) =>
          before.some((old) => old.id === record.id && old.startedAt === record.startedAt),
        ),
    ).toBe(true);

    const shown = await runCli([
      'log',
      'show',
      logs.find((path) => path !== crashedLog) ?? '',
      '--json',
    ]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'success', samples: sampleCount });
  });

  it('with --retry-errors runs the errored samples again, and without it keeps them', async () => {
    const flaky = await startFaultServer({ seed: 3, faults: { server_error: 0.2 } });
    const logDir = join(dir.path, 'logs');
    const first = await runCli(
      evalArgs(flaky.url, logDir, ['--max-retries', '0', '--fail-on-error', '1000']),
    );
    expect(first.code).toBe(0);
    await flaky.close();
    const [firstLog] = await logsIn(logDir);
    const errored = (await readSampleRecords(firstLog ?? '')).filter(
      (record) => record.error !== undefined,
    );
    expect(errored.length).toBeGreaterThan(20);

    server = await startFaultServer();
    // The endpoint moved: a flag given with --resume overrides the stored command.
    const kept = await runCli([
      'eval',
      '--resume',
      firstLog ?? '',
      '--base-url',
      server.url,
      '--no-progress',
    ]);
    expect(kept.code).toBe(0);
    expect(server.stats().answered).toBe(0);

    const retried = await runCli([
      'eval',
      '--resume',
      firstLog ?? '',
      '--retry-errors',
      '--base-url',
      server.url,
      '--no-progress',
      '--log-dir',
      join(dir.path, 'retried'),
    ]);
    expect(retried.code).toBe(0);
    expect(server.stats().answered).toBe(errored.length);
    const [retriedLog] = await logsIn(join(dir.path, 'retried'));
    const final = await readSampleRecords(retriedLog ?? '');
    expect(final).toHaveLength(sampleCount);
    expect(final.filter((record) => record.error !== undefined)).toEqual([]);
  });

  it('refuses to resume something that is not a log', async () => {
    const result = await runCli(['eval', '--resume', join(dir.path, 'data.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/data\.jsonl:1: does not start with a log header/);
  });
});
