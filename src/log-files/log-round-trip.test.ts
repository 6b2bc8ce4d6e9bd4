import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FakeModel } from '../../test/support/fake-model.js';
import { useTempDir } from '../../test/support/temp-dir.js';
import { InputError } from '../core/errors/input-error.js';
import { logRecordSchema } from '../core/log/log-schema.js';
import { runEval } from '../core/runner/run-eval.js';
import { includes } from '../core/scorers/includes.js';
import { generate } from '../core/solvers/generate.js';
import { defineTask } from '../core/task/task.js';
import { JsonlLogSink } from './jsonl-log-sink.js';
import { streamLog } from './read-log.js';
import { summarizeLog } from './summarize-log.js';

const dir = useTempDir('vigil-log-');

async function writeLog(path: string, count = 50) {
  const samples = Array.from({ length: count }, (_, index) => ({
    id: `s${index}`,
    input: `q${index}`,
    target: index % 3 === 0 ? 'x' : `q${index}`,
  }));
  const task = defineTask({
    name: 't',
    dataset: { name: 'd', location: 'memory', samples },
    solver: generate(),
    scorers: [includes()],
    epochs: 2,
  });
  return runEval({
    task,
    model: new FakeModel(),
    sink: new JsonlLogSink(path),
    runId: 'r1',
    vigil: { version: 'test' },
    maxConnections: 8,
    failOnError: 1,
  });
}

describe('eval log files', () => {
  it('round-trips: every line validates, and the reader gives back what the run reported', async () => {
    const path = join(dir.path, 'run.vigil.jsonl');
    const result = await writeLog(path);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(1 + 100 + 1);
    for (const line of lines)
      expect(logRecordSchema.safeParse(JSON.parse(line)).success).toBe(true);

    const summary = await summarizeLog(path);
    expect(summary.status).toBe('success');
    expect(summary.samples).toBe(100);
    expect(summary.header.task.name).toBe('t');
    expect(summary.header.plannedSamples).toBe(100);
    expect(summary.scorers).toEqual(result.scorers);
    // Indices 0, 3, ..., 48 (17 samples) have target "x" and score 0; the other 33 score 1.
    expect(summary.scorers[0]?.metrics.accuracy?.value).toBeCloseTo(33 / 50, 12);

    let sampleCount = 0;
    for await (const entry of streamLog(path)) if (entry.type === 'sample') sampleCount += 1;
    expect(sampleCount).toBe(100);
  });

  it('recovers every whole sample of a log whose writer crashed mid-line', async () => {
    const path = join(dir.path, 'crashed.vigil.jsonl');
    await writeLog(path);
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const kept = lines.slice(0, 41); // header and 40 samples, no footer
    const partial = (lines[41] ?? '').slice(0, 30);
    await writeFile(path, `${kept.join('\n')}\n${partial}`);

    const summary = await summarizeLog(path);
    expect(summary.status).toBe('incomplete');
    expect(summary.truncated).toBe(true);
    expect(summary.samples).toBe(40);
    expect(summary.scorers[0]?.scoredSamples).toBeGreaterThan(0);
  });

  it('refuses a corrupt line that is not the last, naming the line', async () => {
    const path = join(dir.path, 'corrupt.vigil.jsonl');
    await writeLog(path, 5);
    const lines = (await readFile(path, 'utf8')).split('\n');
    lines[2] = '{not json';
    await writeFile(path, lines.join('\n'));
    await expect(summarizeLog(path)).rejects.toThrow(
      /corrupt\.vigil\.jsonl:3: is not a JSON record/,
    );
  });

  it('refuses files that are not logs with an InputError', async () => {
    const path = join(dir.path, 'other.jsonl');
    await writeFile(path, '{"id":1,"input":"x"}\n');
    await expect(summarizeLog(path)).rejects.toBeInstanceOf(InputError);
    await expect(summarizeLog(join(dir.path, 'missing.jsonl'))).rejects.toThrow(/no such file/);
  });

  it('never overwrites an existing log', async () => {
    const path = join(dir.path, 'exists.vigil.jsonl');
    await writeFile(path, 'precious\n');
    await expect(writeLog(path, 1)).rejects.toThrow(/EEXIST/);
    expect(await readFile(path, 'utf8')).toBe('precious\n');
  });
});
