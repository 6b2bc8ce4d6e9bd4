import { describe, expect, it } from 'vitest';
import { thrownInputError } from '../../../test/support/errors.js';
import { scoreOutput } from '../../../test/support/task-state-fixture.js';
import { InputError } from '../errors/input-error.js';
import { pattern } from './pattern.js';

describe('pattern', () => {
  it('compares the captured group to the target, ignoring case by default', async () => {
    const score = await scoreOutput(
      pattern({ regex: String.raw`answer is (\w+)` }),
      'The ANSWER is paris.',
      {
        target: 'Paris',
      },
    );
    expect(score).toMatchObject({ value: 1, answer: 'paris' });
  });

  it('scores 0 when the group differs from the target', async () => {
    const score = await scoreOutput(
      pattern({ regex: String.raw`answer is (\w+)` }),
      'The answer is Lyon',
      {
        target: 'Paris',
      },
    );
    expect(score).toMatchObject({ value: 0, answer: 'Lyon' });
  });

  it('scores 0 and says so when the regex does not match', async () => {
    const score = await scoreOutput(pattern({ regex: String.raw`FINAL: (\d+)` }), 'I do not know', {
      target: '4',
    });
    expect(score.value).toBe(0);
    expect(score.answer).toBeUndefined();
    expect(score.explanation).toBe('the output does not match the regex "FINAL: (\\\\d+)"');
  });

  it('is case-sensitive when ignoreCase is false', async () => {
    const scorer = pattern({ regex: String.raw`ANSWER: (\w+)`, ignoreCase: false });
    expect((await scoreOutput(scorer, 'answer: Paris', { target: 'Paris' })).explanation).toContain(
      'does not match',
    );
  });

  it('uses the whole match when the regex has no group', async () => {
    const score = await scoreOutput(pattern({ regex: String.raw`\d+` }), 'about 42 apples', {
      target: '42',
    });
    expect(score).toMatchObject({ value: 1, answer: '42' });
  });

  it('accepts any group by default, and needs every group with matchAll', async () => {
    const regex = String.raw`(\w+) and (\w+)`;
    const output = 'Paris and Lyon';
    expect((await scoreOutput(pattern({ regex }), output, { target: 'Lyon' })).value).toBe(1);
    expect(
      (await scoreOutput(pattern({ regex, matchAll: true }), output, { target: 'Lyon' })).value,
    ).toBe(0);
    const both = await scoreOutput(pattern({ regex, matchAll: true }), output, {
      target: ['Lyon', 'Paris'],
    });
    expect(both).toMatchObject({ value: 1, answer: 'Paris, Lyon' });
  });

  it('skips groups that took no part in the match', async () => {
    const score = await scoreOutput(pattern({ regex: '(yes)|(no)' }), 'no', { target: 'no' });
    expect(score).toMatchObject({ value: 1, answer: 'no' });
  });

  it('throws an InputError with a hint for an invalid regex', () => {
    expect(() => pattern({ regex: '(?P<x>a)' })).toThrow(InputError);
    const error = thrownInputError(() => pattern({ regex: '(unclosed' }));
    expect(error.message).toContain('invalid regex "(unclosed"');
    expect(error.hint).toContain('JavaScript regular expression');
  });
});
