import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { onlyLog } from '../support/log-files.js';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const dir = useTempDir('vigil-interop-');

/** Runs a small dataset on mock/echo for 2 epochs; returns the log's path. */
async function runSmallEval(): Promise<string> {
  const records = Array.from({ length: 6 }, (_, index) => ({
    id: `r${index}`,
    input: `record ${index} says ${index % 3 === 0 ? 'nothing' : `token-${index}`}`,
    target: `token-${index}`,
  }));
  const dataset = join(dir.path, 'plain.jsonl');
  await writeFile(dataset, records.map((record) => JSON.stringify(record)).join('\n'));
  const logDir = join(dir.path, 'logs');
  const result = await runCli([
    'eval',
    dataset,
    '--scorer',
    'includes',
    '--model',
    'mock/echo',
    '--epochs',
    '2',
    '--log-dir',
    logDir,
    '--no-progress',
  ]);
  expect(result.code).toBe(0);
  return onlyLog(logDir);
}

describe('vigil log export and import', () => {
  it('exports a log to Inspect and imports it back with the same metrics', async () => {
    const log = await runSmallEval();
    const archive = join(dir.path, 'run.eval');
    const exported = await runCli(['log', 'export', '--format', 'inspect', log, '-o', archive]);
    expect(exported.stderr).toBe('');
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(`wrote ${archive}: Inspect log, 12 samples, status success\n`);
    const members = Object.keys(unzipSync(await readFile(archive)));
    expect(members[0]).toBe('_journal/start.json');
    expect(members.at(-1)).toBe('header.json');
    expect(members.filter((name) => name.startsWith('samples/'))).toHaveLength(12);

    // Default output: the archive's base name + .vigil.jsonl, in the current folder.
    const imported = await runCli(['log', 'import', archive], { cwd: dir.path });
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe('wrote run.vigil.jsonl: Vigil log, 12 samples, status success\n');
    expect(existsSync(join(dir.path, 'run.vigil.jsonl'))).toBe(true);

    const before = JSON.parse((await runCli(['log', 'show', log, '--json'])).stdout) as {
      metrics: unknown;
      samples: number;
    };
    const after = JSON.parse(
      (await runCli(['log', 'show', join(dir.path, 'run.vigil.jsonl'), '--json'])).stdout,
    ) as { metrics: unknown; samples: number; status: string };
    expect(after.status).toBe('success');
    expect(after.samples).toBe(before.samples);
    expect(after.metrics).toEqual(before.metrics);

    // Never overwrites: a second import to the same name fails with a hint, exit 2.
    const again = await runCli(['log', 'import', archive], { cwd: dir.path });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^vigil: run\.vigil\.jsonl: already exists; Vigil never overwrites a file — choose another output name with -o/,
    );
  });

  it('exits 2 with one line on a file that is not an Inspect log, and writes nothing', async () => {
    const bad = join(dir.path, 'bad.eval');
    await writeFile(bad, 'this is not a zip archive\n');
    const result = await runCli(['log', 'import', bad, '-o', join(dir.path, 'out.vigil.jsonl')]);
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^vigil: .*bad\.eval: is not a ZIP archive .* — /);
    expect(existsSync(join(dir.path, 'out.vigil.jsonl'))).toBe(false);
  });

  it('exits 2 on a bad export: unknown format, a file that is not a Vigil log, a wrong flag', async () => {
    const log = await runSmallEval();
    const format = await runCli(['log', 'export', '--format', 'parquet', log], { cwd: dir.path });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown export format "parquet" — use --format inspect/);

    const notLog = join(dir.path, 'notes.jsonl');
    await writeFile(notLog, '{"hello": 1}\n');
    const wrong = await runCli(['log', 'export', notLog], { cwd: dir.path });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/notes\.jsonl:1: does not start with a log header/);
    expect(existsSync(join(dir.path, 'notes.eval'))).toBe(false);

    const flag = await runCli(['log', 'show', log, '--format', 'inspect']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--format does not apply to vigil log show/);
  });

  it('documents export and import in its help', async () => {
    const help = await runCli(['log', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('vigil log export --format inspect <log> [-o <out.eval>]');
    expect(help.stdout).toContain('vigil log import <file.eval> [-o <out.vigil.jsonl>]');
  });
});
