import { describe, expect, it } from 'vitest';
import { fromInspectScore, scoreValueFromInspect, toInspectScore } from './inspect-scores.js';

describe('score values between Vigil and Inspect', () => {
  it('reads Inspect values the way its value_to_float does, unscored as null', () => {
    const cases: [unknown, number | null][] = [
      ['C', 1],
      ['I', 0],
      ['P', 0.5],
      ['N', 0],
      [true, 1],
      [false, 0],
      ['Yes', 1],
      ['false', 0],
      ['0.75', 0.75],
      [0.3, 0.3],
      [Number.NaN, null],
      [Number.POSITIVE_INFINITY, null],
      ['maybe', null],
      ['', null],
      [[1, 2], null],
      [{ a: 1 }, null],
    ];
    for (const [value, expected] of cases) expect(scoreValueFromInspect(value)).toBe(expected);
  });

  it('writes a null score as NaN and keeps a non-numeric original in metadata', () => {
    expect(toInspectScore({ value: null, explanation: 'why' })).toEqual({
      value: Number.NaN,
      explanation: 'why',
      history: [],
    });
    expect(fromInspectScore({ value: Number.NaN })).toEqual({ value: null });
    expect(fromInspectScore({ value: 'C', answer: 'B', metadata: { k: 1 } })).toEqual({
      value: 1,
      answer: 'B',
      metadata: { k: 1, inspect_value: 'C' },
    });
    expect(fromInspectScore({ value: 0.5 })).toEqual({ value: 0.5 });
  });
});
