import { describe, expect, it } from 'vitest';
import { fakeGenerate, freshState } from '../../../test/support/solver-fixtures.js';
import { createSolver, solverSpecSchema, toGenerateConfig } from './solver-spec.js';

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
