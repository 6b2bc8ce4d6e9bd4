import { describe, it, expect } from 'vitest';
import { parseReducer } from './reducer.js';

const reduce = (name: string, values: readonly number[]): number =>
  parseReducer(name).reduce(values);

describe('parseReducer', () => {
  it('computes mean, max, min and median', () => {
    // (1 + 0 + 0.5 + 0.5) / 4 = 0.5
    expect(reduce('mean', [1, 0, 0.5, 0.5])).toBe(0.5);
    expect(reduce('max', [0.2, 0.9, 0.4])).toBe(0.9);
    expect(reduce('min', [0.2, 0.9, 0.4])).toBe(0.2);
    // sorted [1, 2, 3] → middle 2; sorted [1, 2, 3, 10] → (2 + 3) / 2 = 2.5
    expect(reduce('median', [3, 1, 2])).toBe(2);
    expect(reduce('median', [10, 1, 3, 2])).toBe(2.5);
  });

  it('takes the most frequent value for mode, breaking ties by the smallest value', () => {
    expect(reduce('mode', [0, 1, 1, 0.5])).toBe(1);
    // 1 and 0 both appear twice: the smaller, 0, wins whatever the order
    expect(reduce('mode', [1, 0, 1, 0])).toBe(0);
    expect(reduce('mode', [0, 1, 0, 1])).toBe(0);
    expect(reduce('mode', [0.7, 0.3])).toBe(0.3);
  });

  it('applies pass@k with n epochs and c values equal to 1', () => {
    const reducer = parseReducer('pass_at_2');
    expect(reducer.name).toBe('pass_at_2');
    // n = 5, c = 2 (0.9 is not correct): 1 - C(3,2)/C(5,2) = 1 - 3/10 = 0.7
    expect(reducer.reduce([1, 0, 1, 0.9, 0])).toBeCloseTo(0.7, 12);
    // n = 2, c = 2: n - c = 0 < k → 1
    expect(reducer.reduce([1, 1])).toBe(1);
  });

  it('tells the user to run more epochs when k exceeds them', () => {
    expect(() => parseReducer('pass_at_5').reduce([1, 0, 1])).toThrow(
      'Reducer pass_at_5 needs at least 5 scored epochs per sample, but a sample has 3: run at least 5 epochs.',
    );
  });

  it('gives 1 for at_least_k when at least k values equal 1', () => {
    expect(reduce('at_least_2', [1, 0, 1])).toBe(1);
    expect(reduce('at_least_2', [1, 0, 0.99])).toBe(0);
    expect(reduce('at_least_3', [1, 1])).toBe(0);
  });

  it('rejects unknown names, listing the valid ones', () => {
    expect(() => parseReducer('average')).toThrow(
      'Unknown reducer "average". Valid reducers: mean, max, min, median, mode, pass_at_<k>, at_least_<k>.',
    );
    expect(() => parseReducer('pass_at_')).toThrow(/Unknown reducer "pass_at_"/);
    expect(() => parseReducer('pass_at_-1')).toThrow(/Unknown reducer/);
    expect(() => parseReducer('toString')).toThrow(/Unknown reducer/);
  });

  it('rejects a k below 1', () => {
    expect(() => parseReducer('pass_at_0')).toThrow(
      'Invalid reducer "pass_at_0": k must be a positive integer.',
    );
    expect(() => parseReducer('at_least_0')).toThrow(/k must be a positive integer/);
  });

  it('refuses to reduce an empty list', () => {
    expect(() => reduce('mean', [])).toThrow('Reducer mean cannot reduce an empty list of values.');
  });
});
