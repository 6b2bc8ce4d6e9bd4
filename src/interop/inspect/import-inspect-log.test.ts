import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeMembers } from '../../../test/support/inspect-native-log.js';
import { readVigilLog } from '../../../test/support/log-files.js';
import { useTempDir } from '../../../test/support/temp-dir.js';
import { buildZip, type Member } from '../../../test/support/zip-fixture.js';
import { summarizeLog } from '../../log-files/summarize-log.js';
import { importInspectLog } from './import-inspect-log.js';

const dir = useTempDir('vigil-inspect-import-');
const writeZip = (name: string, members: readonly Member[]) => dir.write(name, buildZip(members));
const importer = { vigil: { version: 'importer' } };

describe('vigil log import', () => {
  it('imports a finished Inspect log with zstd, deflate and stored members; Vigil recomputes the metrics', async () => {
    const input = await writeZip('native.eval', nativeMembers());
    const output = join(dir.path, 'native.vigil.jsonl');
    expect(await importInspectLog(input, output, importer)).toEqual({
      output,
      samples: 4,
      status: 'success',
    });
    const { header, samples, footer } = await readVigilLog(output);

    expect(header).toMatchObject({
      runId: 'R1',
      createdAt: '2026-03-01T09:00:00.123Z',
      task: {
        name: 'arc_easy',
        metadata: {
          suite: 'knowledge',
          inspect: { eval_id: 'E1', task_id: 'T1', packages: { inspect_ai: '0.3.260' } },
        },
        dataset: { name: 'ai2_arc', location: 'allenai/ai2_arc', samples: 2 },
      },
      model: { name: 'openai/gpt-4o', args: { base_url_env: 'X', n: '3' } },
      config: {
        epochs: 2,
        reducer: 'mean',
        maxConnections: 4,
        failOnError: 0,
        generate: { temperature: 0.5 },
        limits: { messages: 30 },
        scorers: ['choice', 'grader'],
      },
      plannedSamples: 4,
      vigil: { version: 'importer' },
    });

    expect(samples.map((s) => `${s.id}/${s.epoch}`)).toEqual(['1/1', '2/1', '1/2', '2/2']);
    const first = samples[0]!;
    expect(first.input).toBe('Question 1'); // an attachment, resolved
    expect(first.messages).toEqual([
      { role: 'system', content: 'You are a careful assistant.' },
      { role: 'user', content: 'Question 1' }, // the image part is dropped
      { role: 'assistant', content: 'ANSWER: A' }, // so is the reasoning
    ]);
    expect(first.output).toBe('ANSWER: A');
    expect(first.choices).toEqual(['red', 'blue']);
    expect(first.usage).toEqual({ inputTokens: 20, outputTokens: 5, totalTokens: 25 });
    expect(first.startedAt).toBe('2026-03-01T09:00:01.000Z');
    expect(first.durationMs).toBe(2500);
    expect(first.events).toEqual([
      {
        type: 'model-call',
        timestamp: '2026-03-01T09:00:01.500Z',
        durationMs: 1250,
        model: 'openai/gpt-4o',
        inputMessages: 2,
        config: { temperature: 0.5 },
        output: { content: 'ANSWER: A', stopReason: 'stop' },
        usage: { inputTokens: 20, outputTokens: 5, totalTokens: 25 },
      },
      {
        type: 'score',
        timestamp: '2026-03-01T09:00:03.000Z',
        scorer: 'choice',
        score: { value: 1, metadata: { inspect_value: 'C' } },
      },
    ]);

    const scoreValues = samples.map((s) => [s.scores.choice?.value, s.scores.grader?.value]);
    // C I P NaN -> 1 0 0.5 null; N true "0.25" [1,2] -> 0 1 0.25 null.
    expect(scoreValues).toEqual([
      [1, 0],
      [0.5, 0.25],
      [0, 1],
      [null, null],
    ]);
    expect(samples[3]!.scores.grader?.metadata).toEqual({ inspect_value: [1, 2] });

    expect(footer?.status).toBe('success');
    expect(footer?.results.completedSamples).toBe(4);
    const metrics = Object.fromEntries(
      footer!.results.scorers.map((s) => [s.scorer, s.metrics.accuracy?.value]),
    );
    // Sample means over epochs: choice (1+0)/2 and 0.5 -> 0.5; grader (0+1)/2 and 0.25 -> 0.375.
    expect(metrics).toEqual({ choice: 0.5, grader: 0.375 });
    expect(footer?.durationMs).toBe(60_000);

    const summary = await summarizeLog(output);
    expect(summary.status).toBe('success');
    expect(summary.scorers).toEqual(footer?.results.scorers);
  });

  it('imports an unfinished Inspect log (no header.json) without a footer', async () => {
    const members = nativeMembers().filter(
      (member) => member.name !== 'header.json' && member.name !== 'summaries.json',
    );
    const input = await writeZip('running.eval', members);
    const output = join(dir.path, 'running.vigil.jsonl');
    expect(await importInspectLog(input, output, importer)).toMatchObject({
      samples: 4,
      status: 'incomplete',
    });
    const summary = await summarizeLog(output);
    expect(summary.status).toBe('incomplete');
    expect(summary.header.config.scorers).toEqual(['choice', 'grader']);
    expect(summary.scorers.map((s) => s.metrics.accuracy?.value)).toEqual([0.5, 0.375]);
  });
});
