import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir.js';
import { evalCommand } from '../cli/commands/eval-command.js';

function bufferIo() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
    },
  };
}

describe('vigil eval and the per-group report', () => {
  const dir = useTempDir('vigil-eval-breakdown-');

  // mock/echo answers with the prompt; the default scorer (match) gives 1 when it is the target.
  const dataset = [
    {
      id: 'w1',
      input: 'flag{w1}',
      target: 'flag{w1}',
      metadata: { category: 'web', difficulty: 'easy' },
    },
    {
      id: 'w2',
      input: 'nothing',
      target: 'flag{w2}',
      metadata: { category: 'web', difficulty: 'hard' },
    },
    {
      id: 'o1',
      input: 'flag{o1}',
      target: 'flag{o1}',
      metadata: { category: 'ot', difficulty: 'easy' },
    },
  ];

  async function runEval(records: readonly object[]) {
    const path = await dir.write(
      'data.jsonl',
      records.map((record) => JSON.stringify(record)).join('\n'),
    );
    const { io, out } = bufferIo();
    const args = [
      path,
      '--model',
      'mock/echo',
      '--epochs',
      '2',
      '--log-dir',
      join(dir.path, 'logs'),
      '--no-progress',
    ];
    const code = await evalCommand(args, io, new AbortController().signal);
    return { code, stdout: out.stdout };
  }

  it('prints the report by category and difficulty at the end of a run whose samples carry a category', async () => {
    const { code, stdout } = await runEval(dataset);
    expect(code).toBe(0);
    expect(stdout).toContain('per-group results (scorer match, pass@2 unbiased over 2 epochs');
    // web: w1 passes both epochs, w2 neither → 0.5; ot: o1 → 1; all: 2 of 3.
    expect(stdout).toMatch(/^web\s+2\s+4\s+0\s+0\.500 \[/m);
    expect(stdout).toMatch(/^ot\s+1\s+2\s+0\s+1\.000 \[/m);
    expect(stdout).toMatch(/^difficulty\s+samples/m);
    expect(stdout).toMatch(/^easy\s+2\s+4\s+0\s+1\.000 \[/m);
    expect(stdout).toMatch(/^all\s+3\s+6\s+0\s+0\.667 \[/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^log: /);
  });

  it('prints no report for samples without a category', async () => {
    const { code, stdout } = await runEval(
      dataset.map((record) => ({ id: record.id, input: record.input, target: record.target })),
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('per-group results');
  });
});
