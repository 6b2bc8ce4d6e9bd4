import { describe, expect, it } from 'vitest';
import { modelOutput } from '../../../test/support/task-state-fixture.js';
import { InputError } from '../errors/input-error.js';
import type { ChatMessage } from '../model/chat-message.js';
import type { GenerateConfig } from '../model/generate-config.js';
import type { Sample } from '../task/sample.js';
import type { TaskState } from '../task/task-state.js';
import { chain } from './chain.js';
import { generate } from './generate.js';
import { choiceLetter, defaultMultipleChoiceTemplate, multipleChoice } from './multiple-choice.js';
import { promptTemplate } from './prompt-template.js';
import type { Generate, Solver } from './solver.js';
import { createSolver, solverSpecSchema, toGenerateConfig } from './solver-spec.js';
import { systemMessage } from './system-message.js';
import { userMessage } from './user-message.js';

/** A fresh state for a sample whose input is `prompt`, before any model call. */
function freshState(
  prompt: string,
  options: {
    metadata?: Sample['metadata'];
    choices?: readonly string[];
    messages?: readonly ChatMessage[];
  } = {},
): TaskState {
  const sample: Sample = {
    id: 's1',
    input: prompt,
    target: 'A',
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
    ...(options.choices === undefined ? {} : { choices: options.choices }),
  };
  return {
    sample,
    epoch: 1,
    messages: options.messages ?? [{ role: 'user', content: prompt }],
    tools: [],
    output: undefined,
    completed: false,
    prompt,
  };
}

/** A fake model: answers `reply #N` and records the messages and config of every call. */
function fakeGenerate() {
  const calls: { messages: readonly ChatMessage[]; config: GenerateConfig | undefined }[] = [];
  const callModel: Generate = (state, config) => {
    calls.push({ messages: state.messages, config });
    const output = modelOutput(`reply #${calls.length}`);
    return Promise.resolve({
      ...state,
      messages: [...state.messages, output.message],
      output,
    });
  };
  return { callModel, calls };
}

/** A Generate that must never be called. */
const noModel: Generate = () => Promise.reject(new Error('the model was called'));

/**
 * The error a solver call fails with. Some solvers throw synchronously rather than reject, so the
 * call runs inside an async function that turns either into a rejection.
 */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

describe('generate', () => {
  it('calls the model once with the given config and returns its state', async () => {
    const { callModel, calls } = fakeGenerate();
    const state = await generate({ temperature: 0.3, maxTokens: 50 })(freshState('Hi'), callModel);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.config).toEqual({ temperature: 0.3, maxTokens: 50 });
    expect(state.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'reply #1' },
    ]);
    expect(state.output?.message.content).toBe('reply #1');
  });

  it('passes an empty config by default', async () => {
    const { callModel, calls } = fakeGenerate();
    await generate()(freshState('Hi'), callModel);
    expect(calls[0]?.config).toEqual({});
  });
});

describe('systemMessage', () => {
  it('goes after existing system messages and before the rest', async () => {
    const state = freshState('Q', {
      messages: [
        { role: 'system', content: 'first' },
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A' },
      ],
    });
    const result = await systemMessage('second')(state, noModel);
    expect(result.messages).toEqual([
      { role: 'system', content: 'first' },
      { role: 'system', content: 'second' },
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A' },
    ]);
  });

  it('goes first when there is no system message', async () => {
    const result = await systemMessage('Be brief.')(freshState('Q'), noModel);
    expect(result.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q' },
    ]);
  });

  it('goes last when the conversation holds only system messages', async () => {
    const state = freshState('Q', { messages: [{ role: 'system', content: 'one' }] });
    const result = await systemMessage('two')(state, noModel);
    expect(result.messages.map((message) => message.content)).toEqual(['one', 'two']);
  });

  it('fills placeholders from the sample', async () => {
    const state = freshState('Q', { metadata: { persona: 'a pirate' } });
    const result = await systemMessage('You are {persona}.')(state, noModel);
    expect(result.messages[0]).toEqual({ role: 'system', content: 'You are a pirate.' });
  });

  it('leaves the input state untouched', async () => {
    const state = freshState('Q');
    await systemMessage('S')(state, noModel);
    expect(state.messages).toEqual([{ role: 'user', content: 'Q' }]);
  });
});

describe('promptTemplate', () => {
  it('rewrites the last user message with {prompt} and metadata fields', async () => {
    const state = freshState('What is 2+2?', {
      metadata: { topic: 'arithmetic', level: 3, tags: ['a', 'b'] },
    });
    const result = await promptTemplate('[{topic}/{level}/{tags}] {prompt} Think about {prompt}.')(
      state,
      noModel,
    );
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: '[arithmetic/3/["a","b"]] What is 2+2? Think about What is 2+2?.',
      },
    ]);
    expect(result.prompt).toBe('What is 2+2?');
  });

  it('rewrites only the last user message', async () => {
    const state = freshState('second', {
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'second' },
        { role: 'assistant', content: 'done' },
      ],
    });
    const result = await promptTemplate('<{prompt}>')(state, noModel);
    expect(result.messages.map((message) => message.content)).toEqual([
      'first',
      'ok',
      '<second>',
      'done',
    ]);
  });

  it('appends a user message when there is none', async () => {
    const state = freshState('P', { messages: [{ role: 'system', content: 'S' }] });
    const result = await promptTemplate('Do {prompt}')(state, noModel);
    expect(result.messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Do P' },
    ]);
  });

  it('leaves braces that are not placeholders alone', async () => {
    const result = await promptTemplate('{"x": 1} {prompt} {}')(freshState('P'), noModel);
    expect(result.messages[0]?.content).toBe('{"x": 1} P {}');
  });

  it('throws an InputError naming an unknown placeholder', async () => {
    const state = freshState('P', { metadata: { topic: 't' } });
    const error = await rejection(() => promptTemplate('{prompt} {topc}')(state, noModel));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('{topc}');
    expect((error as InputError).message).toContain('s1');
  });

  it('never offers {target}', async () => {
    const error = await rejection(() => promptTemplate('{target}')(freshState('P'), noModel));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('{target}');
  });
});

describe('userMessage', () => {
  it('appends a filled-in user message', async () => {
    const state = freshState('P', {
      metadata: { lang: 'French' },
      messages: [
        { role: 'user', content: 'P' },
        { role: 'assistant', content: 'answer' },
      ],
    });
    const result = await userMessage('Now say "{prompt}" in {lang}.')(state, noModel);
    expect(result.messages).toEqual([
      { role: 'user', content: 'P' },
      { role: 'assistant', content: 'answer' },
      { role: 'user', content: 'Now say "P" in French.' },
    ]);
  });

  it('throws an InputError for an unknown placeholder', async () => {
    const error = await rejection(() => userMessage('{nope}')(freshState('P'), noModel));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('{nope}');
  });
});

describe('chain', () => {
  /** A solver that appends `label` as a user message. */
  const append =
    (label: string): Solver =>
    (state) =>
      Promise.resolve({
        ...state,
        messages: [...state.messages, { role: 'user', content: label }],
      });
  const complete: Solver = (state) => Promise.resolve({ ...state, completed: true });

  it('runs solvers in order, each on the state the previous returned', async () => {
    const { callModel } = fakeGenerate();
    const result = await chain(
      append('a'),
      append('b'),
      generate(),
      append('c'),
    )(freshState('P'), callModel);
    expect(result.messages.map((message) => message.content)).toEqual([
      'P',
      'a',
      'b',
      'reply #1',
      'c',
    ]);
  });

  it('stops once a solver marks the state completed', async () => {
    const { callModel, calls } = fakeGenerate();
    const result = await chain(
      append('a'),
      complete,
      append('b'),
      generate(),
    )(freshState('P'), callModel);
    expect(result.completed).toBe(true);
    expect(result.messages.map((message) => message.content)).toEqual(['P', 'a']);
    expect(calls).toHaveLength(0);
  });

  it('runs nothing on a state that is already completed', async () => {
    const state = { ...freshState('P'), completed: true };
    const result = await chain(append('a'), generate())(state, noModel);
    expect(result).toBe(state);
  });

  it('returns the input state for an empty chain', async () => {
    const state = freshState('P');
    expect(await chain()(state, noModel)).toBe(state);
  });
});

describe('multipleChoice', () => {
  const choices = ['Paris', 'Lyon', 'Nice'];

  it('formats lettered choices and {letters} into the last user message, then calls the model', async () => {
    const { callModel, calls } = fakeGenerate();
    const state = freshState('Capital of France?', { choices });
    const result = await multipleChoice('{question}\n{choices}\nPick one of {letters}.')(
      state,
      callModel,
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.messages).toEqual([
      {
        role: 'user',
        content: 'Capital of France?\nA) Paris\nB) Lyon\nC) Nice\nPick one of A, B, C.',
      },
    ]);
    expect(result.output?.message.content).toBe('reply #1');
    expect(result.messages).toHaveLength(2);
  });

  it('uses the default template asking for an ANSWER line', async () => {
    const { callModel, calls } = fakeGenerate();
    await multipleChoice()(freshState('Q?', { choices: ['x', 'y'] }), callModel);
    const expected = defaultMultipleChoiceTemplate
      .replace('{letters}', 'A, B')
      .replace('{question}', 'Q?')
      .replace('{choices}', 'A) x\nB) y');
    expect(calls[0]?.messages[0]?.content).toBe(expected);
    expect(expected).toContain("'ANSWER: $LETTER' (without quotes) where LETTER is one of A, B.");
    expect(expected.endsWith('Q?\n\nA) x\nB) y')).toBe(true);
  });

  it('keeps messages before the last user message', async () => {
    const { callModel, calls } = fakeGenerate();
    const state = freshState('Q?', {
      choices: ['x', 'y'],
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: 'Q?' },
      ],
    });
    await multipleChoice('{question}: {choices}')(state, callModel);
    expect(calls[0]?.messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Q?: A) x\nB) y' },
    ]);
  });

  it('throws an InputError when the sample has no choices', async () => {
    const error = await rejection(() => multipleChoice()(freshState('Q?'), noModel));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('no choices');
  });

  it('throws an InputError for a single choice', async () => {
    await expect(
      multipleChoice()(freshState('Q?', { choices: ['only'] }), noModel),
    ).rejects.toThrow(InputError);
  });

  it('throws an InputError beyond 26 choices', async () => {
    const many = Array.from({ length: 27 }, (_, index) => `c${index}`);
    await expect(multipleChoice()(freshState('Q?', { choices: many }), noModel)).rejects.toThrow(
      /27 choices/,
    );
  });

  it('letters choices from A', () => {
    expect([0, 1, 25].map(choiceLetter)).toEqual(['A', 'B', 'Z']);
  });
});

describe('solver specs', () => {
  it('builds a chain from the steps of a task file', async () => {
    const spec = solverSpecSchema.parse([
      { system_message: 'Topic: {topic}' },
      { prompt_template: 'Q: {prompt}' },
      { generate: { temperature: 0.5, max_tokens: 10, stop_sequences: ['END'] } },
      { user_message: 'Sure?' },
      'generate',
    ]);
    const { callModel, calls } = fakeGenerate();
    const result = await createSolver(spec)(
      freshState('P', { metadata: { topic: 'T' } }),
      callModel,
    );
    expect(calls.map((call) => call.config)).toEqual([
      { temperature: 0.5, maxTokens: 10, stopSequences: ['END'] },
      {},
    ]);
    expect(result.messages).toEqual([
      { role: 'system', content: 'Topic: T' },
      { role: 'user', content: 'Q: P' },
      { role: 'assistant', content: 'reply #1' },
      { role: 'user', content: 'Sure?' },
      { role: 'assistant', content: 'reply #2' },
    ]);
  });

  it('builds multiple_choice as a bare name and with a template', async () => {
    const state = freshState('Q?', { choices: ['x', 'y'] });
    const bare = fakeGenerate();
    await createSolver(solverSpecSchema.parse(['multiple_choice']))(state, bare.callModel);
    expect(bare.calls[0]?.messages[0]?.content).toContain('A) x\nB) y');
    expect(bare.calls[0]?.messages[0]?.content).toContain('ANSWER: $LETTER');

    const custom = fakeGenerate();
    await createSolver(
      solverSpecSchema.parse([{ multiple_choice: { template: '{letters}|{question}' } }]),
    )(state, custom.callModel);
    expect(custom.calls[0]?.messages[0]?.content).toBe('A, B|Q?');

    const noTemplate = fakeGenerate();
    await createSolver(solverSpecSchema.parse([{ multiple_choice: {} }]))(
      state,
      noTemplate.callModel,
    );
    expect(noTemplate.calls[0]?.messages[0]?.content).toContain('ANSWER: $LETTER');
  });

  it('converts snake_case config to a GenerateConfig', () => {
    expect(
      toGenerateConfig({
        temperature: 0,
        max_tokens: 5,
        seed: 7,
        stop_sequences: ['x'],
        top_p: 0.9,
      }),
    ).toEqual({ temperature: 0, maxTokens: 5, seed: 7, stopSequences: ['x'], topP: 0.9 });
    expect(toGenerateConfig({})).toEqual({});
  });

  it.each([
    ['an unknown step name', ['think']],
    ['an unknown step key', [{ reflect: 'x' }]],
    ['a step with two keys', [{ system_message: 'a', user_message: 'b' }]],
    ['an unknown generate option', [{ generate: { temprature: 1 } }]],
    ['an out-of-range temperature', [{ generate: { temperature: 3 } }]],
    ['an empty template', [{ prompt_template: '' }]],
    ['an unknown multiple_choice option', [{ multiple_choice: { letters: 'ABC' } }]],
    ['an empty list', []],
    ['a bare string', 'generate'],
  ])('rejects %s', (_, spec) => {
    expect(solverSpecSchema.safeParse(spec).success).toBe(false);
  });
});
