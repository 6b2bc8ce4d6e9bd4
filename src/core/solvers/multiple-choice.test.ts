import { describe, expect, it } from 'vitest';
import { inputError } from '../../../test/support/errors.js';
import { fakeGenerate, freshState, noModel } from '../../../test/support/solver-fixtures.js';
import { InputError } from '../errors/input-error.js';
import { choiceLetter, defaultMultipleChoiceTemplate, multipleChoice } from './multiple-choice.js';

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
    const error = await inputError(() => multipleChoice()(freshState('Q?'), noModel));
    expect(error.message).toContain('no choices');
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
