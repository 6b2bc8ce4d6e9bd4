import { describe, expect, it } from 'vitest';
import { thrownInputError } from '../../test/support/errors.js';
import { taskFileSchema } from '../core/task/task-file-schema.js';
import { parseDatasetText } from './dataset-file.js';
import { defaultSolverAndScorer } from './dataset-task.js';
import { taskFromSpec } from './task-from-spec.js';

const jsonl = [
  { id: 'a', input: 'Which port does SSH use?', choices: ['22', '80'], target: 'A' },
  { id: 'b', input: 'Which port does HTTP use?', choices: ['22', '80'], target: 'B' },
]
  .map((record) => JSON.stringify(record))
  .join('\n');

describe('parseDatasetText', () => {
  it('parses JSON Lines and CSV held in memory', () => {
    expect(parseDatasetText(jsonl, 'jsonl', 'items').map((sample) => sample.id)).toEqual([
      'a',
      'b',
    ]);
    const csv = 'id,input,target,choices\nx,Pick one,B,yes|no\n';
    expect(parseDatasetText(csv, 'csv', 'items')).toEqual([
      { id: 'x', input: 'Pick one', target: 'B', choices: ['yes', 'no'] },
    ]);
  });

  it('names the source and the line of a bad record, and how to fix it', () => {
    const error = thrownInputError(() =>
      parseDatasetText(`${jsonl}\n\n{"target": "A"}\n`, 'jsonl', 'items'),
    );
    expect(error.source).toBe('items:4');
    expect(error.message).toMatch(/^items:4: field input/);
    expect(error.hint).toContain('"input"');
    expect(thrownInputError(() => parseDatasetText('id,input\n', 'csv', 'items')).message).toBe(
      'items: has no samples',
    );
  });

  it('refuses an empty dataset and a repeated id', () => {
    expect(thrownInputError(() => parseDatasetText('\n \n', 'jsonl', 'items')).message).toBe(
      'items: has no samples',
    );
    const twice = `${jsonl}\n${JSON.stringify({ id: 'a', input: 'again' })}`;
    expect(thrownInputError(() => parseDatasetText(twice, 'jsonl', 'items')).message).toContain(
      'sample id "a" appears twice',
    );
  });
});

describe('taskFromSpec', () => {
  const dataset = {
    name: 'sealed.demo',
    location: 'sealed',
    samples: parseDatasetText(jsonl, 'jsonl', 'items'),
  };

  it('builds a task from a spec and a dataset in memory', () => {
    const spec = taskFileSchema.parse({
      dataset: 'unused',
      solver: ['multiple_choice'],
      scorer: 'choice',
      epochs: 2,
      reducer: 'max',
      limits: { messages: 4 },
      config: { temperature: 0 },
      metadata: { origin: 'test' },
    });
    const task = taskFromSpec(spec, dataset, { name: 'sealed.demo', source: 'task' });
    expect(task.name).toBe('sealed.demo');
    expect(task.dataset).toBe(dataset);
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['choice']);
    expect(task).toMatchObject({
      epochs: 2,
      reducer: 'max',
      limits: { messages: 4 },
      config: { temperature: 0 },
      metadata: { origin: 'test' },
    });
  });

  it('names the source of a bad reducer', () => {
    const spec = taskFileSchema.parse({ dataset: 'unused', scorer: 'match', reducer: 'average' });
    const error = thrownInputError(() =>
      taskFromSpec(spec, dataset, { name: 'x', source: 'body.task' }),
    );
    expect(error.message).toMatch(/^body\.task: field reducer: .*"average"/);
  });

  it('gives multiple-choice items the multiple-choice solver and the choice scorer', () => {
    expect(defaultSolverAndScorer(dataset.samples)).toEqual({
      solver: ['multiple_choice'],
      scorer: 'choice',
    });
    expect(defaultSolverAndScorer([{ id: '1', input: 'q', target: 'a' }])).toEqual({
      solver: ['generate'],
      scorer: 'match',
    });
  });
});
