import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { inputError } from '../../test/support/errors.js';
import { scoreOutput } from '../../test/support/task-state-fixture.js';
import { useTempDir } from '../../test/support/temp-dir.js';
import type { ChatMessage } from '../core/model/chat-message.js';
import type { Generate } from '../core/solvers/solver.js';
import { inputMessages } from '../core/task/sample.js';
import type { Task } from '../core/task/task.js';
import type { TaskState } from '../core/task/task-state.js';
import { resolveTask } from './resolve-task.js';
import { loadTaskFile } from './task-file.js';

const dir = useTempDir('vigil-task-');

beforeEach(async () => {
  await mkdir(join(dir.path, 'data'));
  await writeFile(
    join(dir.path, 'data', 'questions.jsonl'),
    [
      { id: 'q1', input: 'What is 6*7?', target: '42', metadata: { topic: 'maths' } },
      { id: 'q2', input: 'Name a prime.', target: ['2', '3'], metadata: { topic: 'primes' } },
    ]
      .map((record) => JSON.stringify(record))
      .join('\n'),
  );
});

/** Runs a task's solver on its first sample with a model that answers `ANSWER: 42`. */
async function runFirstSample(task: Task) {
  const calls: { messages: readonly ChatMessage[]; config: unknown }[] = [];
  const callModel: Generate = (state, config) => {
    calls.push({ messages: state.messages, config });
    return Promise.resolve({
      ...state,
      messages: [...state.messages, { role: 'assistant', content: 'ANSWER: 42' }],
    });
  };
  const sample = task.dataset.samples[0]!;
  const initial: TaskState = {
    sample,
    epoch: 1,
    messages: inputMessages(sample.input),
    tools: [],
    output: undefined,
    completed: false,
    prompt: typeof sample.input === 'string' ? sample.input : '',
  };
  const state = await task.solver(initial, callModel);
  return { state, calls };
}

const fullTask = `# A task file with every section
name: arithmetic.basic
description: Small sums
dataset: data/questions.jsonl
solver:
  - system_message: 'You answer {topic} questions.'
  - prompt_template: 'Question: {prompt}'
  - generate: { temperature: 0.2, max_tokens: 64 }
scorer:
  - includes
  - { name: pattern, regex: 'ANSWER: (\\d+)' }
epochs: 3
reducer: pass_at_2
limits:
  time_seconds: 90
  messages: 12
config:
  temperature: 0.7
  seed: 5
metadata:
  owner: evals-team
`;

describe('loadTaskFile', () => {
  it('builds a task with the values of the file', async () => {
    const path = await dir.write('arith.yaml', fullTask);
    const task = await loadTaskFile(path, {});
    expect(task.name).toBe('arithmetic.basic');
    expect(task.epochs).toBe(3);
    expect(task.reducer).toBe('pass_at_2');
    expect(task.limits).toEqual({ timeSeconds: 90, messages: 12 });
    expect(task.limits.timeSeconds).toBe(90);
    expect(task.config).toEqual({ temperature: 0.7, seed: 5 });
    expect(task.config.temperature).toBe(0.7);
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['includes', 'pattern']);
    expect(task.metadata).toEqual({ owner: 'evals-team', description: 'Small sums' });
  });

  it('loads the dataset relative to the task file', async () => {
    const path = await dir.write('arith.yaml', fullTask);
    const task = await loadTaskFile(path, {});
    expect(task.dataset.location).toBe(join(dir.path, 'data', 'questions.jsonl'));
    expect(task.dataset.name).toBe('questions');
    expect(task.dataset.samples.map((sample) => sample.id)).toEqual(['q1', 'q2']);
    expect(task.dataset.samples[1]?.target).toEqual(['2', '3']);
  });

  it('builds the solver steps in order', async () => {
    const task = await loadTaskFile(await dir.write('arith.yaml', fullTask), {});
    const { state, calls } = await runFirstSample(task);
    expect(calls).toEqual([
      {
        messages: [
          { role: 'system', content: 'You answer maths questions.' },
          { role: 'user', content: 'Question: What is 6*7?' },
        ],
        config: { temperature: 0.2, maxTokens: 64 },
      },
    ]);
    expect(state.messages).toHaveLength(3);
  });

  it('builds working scorers, including the regex of the object form', async () => {
    const task = await loadTaskFile(await dir.write('arith.yaml', fullTask), {});
    const patternScorer = task.scorers[1]!;
    expect((await scoreOutput(patternScorer, 'so ANSWER: 42', { target: '42' })).value).toBe(1);
    expect((await scoreOutput(patternScorer, 'so ANSWER: 41', { target: '42' })).value).toBe(0);
    expect((await scoreOutput(patternScorer, 'it is 42', { target: '42' })).value).toBe(0);
    const includesScorer = task.scorers[0]!;
    expect((await scoreOutput(includesScorer, 'it is 42', { target: '42' })).value).toBe(1);
  });

  it('fills in defaults and names the task after the file', async () => {
    const path = await dir.write(
      'minimal-task.yml',
      'dataset: data/questions.jsonl\nscorer: match\n',
    );
    const task = await loadTaskFile(path, {});
    expect(task.name).toBe('minimal-task');
    expect(task.epochs).toBe(1);
    expect(task.reducer).toBe('mean');
    expect(task.limits).toEqual({});
    expect(task.config).toEqual({});
    expect(task.metadata).toEqual({});
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['match']);
    const { calls } = await runFirstSample(task);
    expect(calls).toEqual([{ messages: [{ role: 'user', content: 'What is 6*7?' }], config: {} }]);
  });

  it('reads a JSON task file', async () => {
    const path = await dir.write(
      'task.json',
      JSON.stringify({ dataset: 'data/questions.jsonl', scorer: 'exact', epochs: 2 }),
    );
    const task = await loadTaskFile(path, {});
    expect(task.name).toBe('task');
    expect(task.epochs).toBe(2);
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['exact']);
  });

  it('rejects an unknown top-level key, naming it and the file', async () => {
    const path = await dir.write(
      'typo.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nepoch: 3\n',
    );
    const error = await inputError(() => loadTaskFile(path, {}));
    expect(error.message).toContain(path);
    expect(error.message).toContain('"epoch"');
  });

  it('rejects a bad reducer name', async () => {
    const path = await dir.write(
      'reducer.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nreducer: average\n',
    );
    const error = await inputError(() => loadTaskFile(path, {}));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field reducer');
    expect(error.message).toContain('"average"');
  });

  it('rejects pass_at_0', async () => {
    const path = await dir.write(
      'reducer.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nreducer: pass_at_0\n',
    );
    expect((await inputError(() => loadTaskFile(path, {}))).message).toContain('field reducer');
  });

  it('rejects a YAML syntax error, naming the file', async () => {
    const path = await dir.write(
      'broken.yaml',
      'dataset: [data/questions.jsonl\nscorer: includes\n',
    );
    const error = await inputError(() => loadTaskFile(path, {}));
    expect(error.message).toContain(path);
    expect(error.message).toContain('is not valid YAML');
  });

  it('rejects a missing dataset file, naming its resolved path', async () => {
    const path = await dir.write('lost.yaml', 'dataset: data/nowhere.jsonl\nscorer: includes\n');
    const error = await inputError(() => loadTaskFile(path, {}));
    expect(error.message).toContain(join(dir.path, 'data', 'nowhere.jsonl'));
    expect(error.message).toContain('no such file');
  });

  it('rejects a missing task file', async () => {
    const error = await inputError(() => loadTaskFile(join(dir.path, 'absent.yaml'), {}));
    expect(error.message).toContain('no such file');
  });

  it('rejects a task without a scorer', async () => {
    const path = await dir.write('no-scorer.yaml', 'dataset: data/questions.jsonl\n');
    expect((await inputError(() => loadTaskFile(path, {}))).message).toContain('field scorer');
  });

  // The task file's scorer field is a union (one spec or a list), so zod reports only
  // "field scorer: Invalid input" here rather than the scorer spec's own message.
  it('rejects an unknown scorer and a pattern scorer without its regex', async () => {
    const unknown = await dir.write('s1.yaml', 'dataset: data/questions.jsonl\nscorer: fuzzy\n');
    expect((await inputError(() => loadTaskFile(unknown, {}))).message).toContain('field scorer');
    const bare = await dir.write('s2.yaml', 'dataset: data/questions.jsonl\nscorer: pattern\n');
    expect((await inputError(() => loadTaskFile(bare, {}))).message).toContain('field scorer');
    const noRegex = await dir.write(
      's3.yaml',
      'dataset: data/questions.jsonl\nscorer: { name: pattern, regex: "(" }\n',
    );
    expect((await inputError(() => loadTaskFile(noRegex, {}))).message).toContain('field scorer');
  });

  it('rejects an unknown solver step and an unknown limit', async () => {
    const step = await dir.write(
      'step.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nsolver: [think]\n',
    );
    expect((await inputError(() => loadTaskFile(step, {}))).message).toContain('field solver');
    const limit = await dir.write(
      'limit.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nlimits: { minutes: 3 }\n',
    );
    expect((await inputError(() => loadTaskFile(limit, {}))).message).toContain('field limits');
  });

  it('rejects zero epochs and a negative time limit', async () => {
    const epochs = await dir.write(
      'e.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nepochs: 0\n',
    );
    expect((await inputError(() => loadTaskFile(epochs, {}))).message).toContain('field epochs');
    const time = await dir.write(
      't.yaml',
      'dataset: data/questions.jsonl\nscorer: includes\nlimits: { time_seconds: -1 }\n',
    );
    expect((await inputError(() => loadTaskFile(time, {}))).message).toContain(
      'field limits.time_seconds',
    );
  });
});

describe('resolveTask', () => {
  it('resolves the built-in cyber.knowledge task with its 60 samples', async () => {
    const task = await resolveTask('cyber.knowledge', {});
    expect(task.name).toBe('cyber.knowledge');
    expect(task.dataset.samples).toHaveLength(60);
    expect(task.dataset.samples[0]?.id).toBe('ck-001');
    expect(task.dataset.samples.every((sample) => (sample.choices?.length ?? 0) >= 2)).toBe(true);
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['choice']);
  });

  it('loads a task file by its extension', async () => {
    const path = await dir.write('arith.yaml', fullTask);
    const task = await resolveTask(path, {});
    expect(task.name).toBe('arithmetic.basic');
  });

  it('wraps a bare dataset: match for open questions, choice for multiple choice', async () => {
    const open = await resolveTask(join(dir.path, 'data', 'questions.jsonl'), {});
    expect(open.name).toBe('questions');
    expect(open.scorers.map((scorer) => scorer.name)).toEqual(['match']);

    const mcq = join(dir.path, 'mcq.csv');
    await writeFile(mcq, 'input,choices,target\nPick one,x|y,A\nAnd again,p|q|r,C\n');
    const task = await resolveTask(mcq, {});
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['choice']);
    const { calls } = await runFirstSample(task);
    expect(calls[0]?.messages[0]?.content).toContain('Pick one\n\nA) x\nB) y');
  });

  it('rejects an unknown name with a hint', async () => {
    const error = await inputError(() => resolveTask('cyber.knowledg', {}));
    expect(error.message).toContain('unknown task "cyber.knowledg"');
    expect(error.hint).toContain('vigil list tasks');
  });
});
