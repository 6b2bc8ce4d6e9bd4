import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const dir = useTempDir('vigil-bad-');

/** Runs `vigil eval ...` and checks: exit 2, one error line matching `message`, no log written. */
async function expectUsageError(args: readonly string[], message: RegExp) {
  const logDir = join(dir.path, 'logs');
  const result = await runCli(['eval', ...args, '--log-dir', logDir]);
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^vigil: /);
  expect(lines[0]).toMatch(message);
  await expect(readdir(logDir)).rejects.toThrow(/ENOENT/);
}

describe('vigil eval on bad input', () => {
  it('names the file and line of a malformed dataset record', async () => {
    const dataset = join(dir.path, 'broken.jsonl');
    await writeFile(dataset, '{"input":"a","target":"a"}\n{"input": oops}\n');
    await expectUsageError(
      [dataset, '--model', 'mock/echo'],
      /broken\.jsonl:2: is not valid JSON .* — write one JSON object per line/,
    );
  });

  it('names the field that is wrong', async () => {
    const dataset = join(dir.path, 'fields.jsonl');
    await writeFile(dataset, '{"input":"a","target":"a","choices":"A"}\n');
    await expectUsageError([dataset, '--model', 'mock/echo'], /fields\.jsonl:1: field choices:/);
  });

  it('rejects unknown tasks, models, scorers and flags', async () => {
    await expectUsageError(
      ['no-such-task', '--model', 'mock/echo'],
      /unknown task "no-such-task" — name a built-in task/,
    );
    await expectUsageError(
      ['cyber.knowledge', '--model', 'mock/nope'],
      /unknown model "mock\/nope" — mock has: mock\/echo/,
    );
    await expectUsageError(['cyber.knowledge', '--model', 'nothing'], /is not provider\/model/);
    await expectUsageError(
      ['cyber.knowledge', '--model', 'mock/echo', '--scorer', 'vibes'],
      /unknown scorer "vibes"/,
    );
    await expectUsageError(
      ['cyber.knowledge', '--model', 'mock/echo', '--epochs', '0'],
      /--epochs must be a whole number from 1/,
    );
    await expectUsageError(
      ['cyber.knowledge', '--model', 'mock/echo', '--bogus'],
      /Unknown option '--bogus'/,
    );
    await expectUsageError(['cyber.knowledge'], /eval needs --model/);
    await expectUsageError(
      ['cyber.knowledge', '--model', 'mock/scripted'],
      /needs a script — pass -M script=/,
    );
    await expectUsageError(
      ['cyber.knowledge', '--model', 'mock/echo', '--reducer', 'best'],
      /--reducer: /,
    );
  });

  it('rejects a malformed task file, naming the file', async () => {
    const task = join(dir.path, 'task.yaml');
    await writeFile(task, 'dataset: data.jsonl\nscorer: includes\nepochs: many\n');
    await expectUsageError([task, '--model', 'mock/echo'], /task\.yaml: field epochs: /);
  });

  it('exits 2 for an unreadable log and for no command', async () => {
    const shown = await runCli(['log', 'show', join(dir.path, 'missing.vigil.jsonl')]);
    expect(shown.code).toBe(2);
    expect(shown.stderr).toMatch(/cannot read log: no such file/);
    const bare = await runCli([]);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toContain('Usage: vigil <command>');
  });

  it('prints help for every command with exit 0', async () => {
    for (const command of [['--help'], ['eval', '--help'], ['list', '--help'], ['log', '--help']]) {
      const result = await runCli(command);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: vigil/);
    }
  });
});
