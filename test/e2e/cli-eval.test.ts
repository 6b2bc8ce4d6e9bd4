import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogHeader } from '../../src/log-files/read-log.js';
import { onlyLog } from '../support/log-files.js';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const dir = useTempDir('vigil-cli-');

describe('vigil eval', () => {
  it('lists the built-in task', async () => {
    const result = await runCli(['list', 'tasks']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^cyber\.knowledge\s+\[digital-infrastructure\]\s+60 items\s/m);
    const listed = await runCli(['list', 'tasks', '--json']);
    const tasks = JSON.parse(listed.stdout) as { name: string; items: number }[];
    expect(tasks.find((task) => task.name === 'demo.web_traversal')?.items).toBe(3);
  });

  it('runs the built-in task on a scripted model and reads the log back', async () => {
    const logDir = join(dir.path, 'logs');
    const result = await runCli([
      'eval',
      'cyber.knowledge',
      '--model',
      'mock/scripted',
      '-M',
      'script=examples/cyber-knowledge-answers.yaml',
      '--log-dir',
      logDir,
      '--no-progress',
    ]);
    expect(result.stderr).not.toMatch(/Warning/);
    expect(result.code).toBe(0);
    // The script answers 42 of 60 right. Wilson 95% for 42/60 by hand:
    // centre (0.7 + 3.8415/120) / (1 + 3.8415/60) = 0.68796; half-width 0.11305 -> [0.575, 0.801].
    expect(result.stdout).toContain('choice  accuracy 0.700');
    expect(result.stdout).toContain('95% CI [0.575, 0.801] wilson');

    const log = await onlyLog(logDir);
    const shown = await runCli(['log', 'show', log, '--json']);
    expect(shown.code).toBe(0);
    const summary = JSON.parse(shown.stdout) as {
      status: string;
      samples: number;
      metrics: Record<string, { metrics: { accuracy: { value: number; ci95: [number, number] } } }>;
    };
    expect(summary.status).toBe('success');
    expect(summary.samples).toBe(60);
    expect(summary.metrics.choice?.metrics.accuracy.value).toBeCloseTo(0.7, 12);
    expect(summary.metrics.choice?.metrics.accuracy.ci95[0]).toBeCloseTo(0.57491, 4);
    expect(summary.metrics.choice?.metrics.accuracy.ci95[1]).toBeCloseTo(0.80101, 4);

    const text = await runCli(['log', 'show', log]);
    expect(text.stdout).toContain(
      'cyber.knowledge · mock/scripted · success · 60/60 samples, 0 errors',
    );
  });

  it('scores a bare dataset with includes on mock/echo: accuracy is the share of inputs containing their target', async () => {
    const records = Array.from({ length: 37 }, (_, index) => ({
      id: `r${index}`,
      input: `record ${index} says ${index % 5 === 0 ? 'nothing' : `token-${index}`}`,
      target: `token-${index}`,
    }));
    const dataset = join(dir.path, 'plain.jsonl');
    await writeFile(dataset, records.map((record) => JSON.stringify(record)).join('\n'));
    const expected =
      records.filter((record) => record.input.includes(record.target)).length / records.length;
    expect(expected).toBeCloseTo(29 / 37, 12); // indices 0, 5, ..., 35 miss: 8 of 37

    const logDir = join(dir.path, 'logs');
    const result = await runCli([
      'eval',
      dataset,
      '--scorer',
      'includes',
      '--model',
      'mock/echo',
      '--log-dir',
      logDir,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as {
      scorers: { scorer: string; metrics: { accuracy: { value: number } } }[];
    };
    expect(outcome.scorers[0]?.scorer).toBe('includes');
    expect(outcome.scorers[0]?.metrics.accuracy.value).toBe(expected);
  });

  it('runs several tasks one after another, each into its own log, then reports them together', async () => {
    const dataset = join(dir.path, 'tagged.jsonl');
    const records = [
      { id: 'a', input: 'say alpha', target: 'alpha', metadata: { category: 'web' } },
      { id: 'b', input: 'say nothing', target: 'beta', metadata: { category: 'web' } },
      { id: 'c', input: 'say gamma', target: 'gamma', metadata: { category: 'crypto' } },
    ];
    await writeFile(dataset, records.map((record) => JSON.stringify(record)).join('\n'));
    const logDir = join(dir.path, 'several');
    const result = await runCli([
      'eval',
      dataset,
      'cyber.knowledge',
      '--scorer',
      'includes',
      '--model',
      'mock/echo',
      '--limit',
      '3',
      '--log-dir',
      logDir,
      '--no-progress',
    ]);
    expect(result.stderr).toContain('vigil eval cyber.knowledge on mock/echo: 3 samples');
    expect(result.code).toBe(0);
    const logs = (await readdir(logDir)).sort();
    expect(logs).toHaveLength(2);
    // Each log keeps a command that resumes only its own task.
    const commands = await Promise.all(
      logs.map(async (log) => (await readLogHeader(join(logDir, log))).command ?? []),
    );
    const tasksIn = commands.map((command) =>
      command.filter((arg) => arg === dataset || arg === 'cyber.knowledge'),
    );
    expect(tasksIn.sort()).toEqual([[dataset], ['cyber.knowledge']]);
    expect(commands.every((command) => command.includes('--limit'))).toBe(true);
    // The report over both: the dataset's categories, and cyber.knowledge's untagged items.
    const together = result.stdout.slice(result.stdout.indexOf('all 2 tasks together'));
    expect(together).toMatch(/^crypto\s+1\s+1\s+0\s+1\.000 /m);
    expect(together).toMatch(/^web\s+2\s+2\s+0\s+0\.500 /m);
    expect(together).toMatch(/^\(none\)\s+3\s+3\s+0\s/m);
    expect(together).toMatch(/^all\s+6\s+6\s+0\s/m);
  });

  it('prints progress lines when output is not a terminal', async () => {
    const result = await runCli([
      'eval',
      'cyber.knowledge',
      '--model',
      'mock/echo',
      '--log-dir',
      join(dir.path, 'logs'),
      '--limit',
      '5',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^5\/5 samples .*errors 0 {2}tokens [\d,]+$/m);
    expect(result.stderr).not.toContain('\r');
  });

  it('exits 130 on Ctrl-C and closes the log as cancelled', async () => {
    const script = join(dir.path, 'slow.yaml');
    await writeFile(script, 'default:\n  - content: "slow answer"\n    delay_ms: 100\n');
    const logDir = join(dir.path, 'logs');
    const result = await runCli(
      [
        'eval',
        'cyber.knowledge',
        '--model',
        'mock/scripted',
        '-M',
        `script=${script}`,
        '--max-connections',
        '2',
        '--log-dir',
        logDir,
        '--no-progress',
      ],
      {
        onStart: (child) => {
          setTimeout(() => child.kill('SIGINT'), 1_000);
        },
      },
    );
    expect(result.code).toBe(130);
    const shown = await runCli(['log', 'show', await onlyLog(logDir), '--json']);
    const summary = JSON.parse(shown.stdout) as { status: string; samples: number };
    expect(summary.status).toBe('cancelled');
    expect(summary.samples).toBeGreaterThan(0);
    expect(summary.samples).toBeLessThan(60);
  });
});
