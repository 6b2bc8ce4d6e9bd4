import { describe, expect, it } from 'vitest';
import { scorerSpecName, scorerSpecSchema } from './scorer-spec.js';

function errorOf(value: unknown): string {
  const result = scorerSpecSchema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return result.error.issues.map((issue) => issue.message).join('; ');
}

describe('scorerSpecSchema', () => {
  it('accepts bare names', () => {
    for (const name of ['exact', 'match', 'includes', 'choice', 'numeric', 'model_graded']) {
      expect(scorerSpecSchema.parse(name)).toBe(name);
    }
  });

  it('accepts objects with options', () => {
    expect(
      scorerSpecSchema.parse({
        name: 'pattern',
        regex: String.raw`ANSWER: (\w+)`,
        match_all: true,
      }),
    ).toEqual({
      name: 'pattern',
      regex: String.raw`ANSWER: (\w+)`,
      match_all: true,
    });
    expect(
      scorerSpecSchema.parse({ name: 'match', location: 'begin', ignore_case: false }),
    ).toEqual({
      name: 'match',
      location: 'begin',
      ignore_case: false,
    });
    expect(
      scorerSpecSchema.parse({ name: 'numeric', tolerance: 0.01, relative: true }),
    ).toMatchObject({ tolerance: 0.01 });
    expect(
      scorerSpecSchema.parse({
        name: 'model_graded',
        model: 'openai/gpt-4o',
        partial_credit: true,
        template: 'Q {answer}',
      }),
    ).toMatchObject({ partial_credit: true });
    expect(scorerSpecSchema.parse({ name: 'choice' })).toEqual({ name: 'choice' });
  });

  it('rejects an unknown name, listing the known ones', () => {
    const expected =
      'unknown scorer "fuzzy"; expected one of exact, match, includes, pattern, choice, numeric, model_graded';
    expect(errorOf('fuzzy')).toBe(expected);
    expect(errorOf({ name: 'fuzzy' })).toBe(expected);
    expect(errorOf({ regex: 'x' })).toContain('a scorer needs a name');
  });

  it('rejects unknown keys, naming them and the allowed ones', () => {
    expect(errorOf({ name: 'includes', ignorecase: true })).toBe(
      'unknown option "ignorecase" for scorer includes; allowed: name, ignore_case',
    );
    expect(errorOf({ name: 'choice', letters: 'ABCD' })).toContain(
      'unknown option "letters" for scorer choice',
    );
    expect(errorOf({ name: 'model_graded', partialCredit: true })).toContain(
      'unknown option "partialCredit"',
    );
  });

  it('says when a required option is missing or misspelt', () => {
    expect(errorOf('pattern')).toContain('scorer pattern needs options');
    expect(errorOf({ name: 'pattern' })).toBe('scorer pattern: regex: a regex is required');
    expect(errorOf({ name: 'pattern', regexp: 'x' })).toBe(
      'scorer pattern: regex: a regex is required; unknown option "regexp" for scorer pattern; allowed: name, regex, ignore_case, match_all',
    );
  });

  it('rejects bad option values', () => {
    expect(errorOf({ name: 'pattern', regex: '(unclosed' })).toContain(
      'not a valid regular expression',
    );
    expect(errorOf({ name: 'numeric', tolerance: -1 })).toContain('>=0');
    expect(errorOf({ name: 'match', location: 'middle' })).toContain('location');
    expect(errorOf({ name: 'model_graded', template: 'no placeholder' })).toContain('{answer}');
  });

  it('rejects values that are neither a name nor an object', () => {
    expect(errorOf(3)).toContain('a scorer is a name such as includes');
    expect(errorOf(null)).toContain('a scorer is a name such as includes');
  });
});

describe('scorerSpecName', () => {
  it('names bare and object specs', () => {
    expect(scorerSpecName('includes')).toBe('includes');
    expect(scorerSpecName({ name: 'pattern', regex: 'x' })).toBe('pattern');
  });
});
