import { describe, expect, it } from 'vitest';
import { scoreOutput } from '../../../test/support/task-state-fixture.js';
import { InputError } from '../errors/input-error.js';
import { ScorerError } from '../errors/scorer-error.js';
import { lastNumber, numeric } from './numeric.js';

describe('lastNumber', () => {
  it.each([
    ['The answer is 42.', 42],
    ['First 3, then 7', 7],
    ['It costs $1,234,567.89 in total', 1234567.89],
    ['The change is -12.5 degrees', -12.5],
    ['Avogadro: 6.02e23', 6.02e23],
    ['tiny: 1.5E-3', 0.0015],
    ['about .5 of it', 0.5],
    ['pages 3-5', 5],
    ['minus \u22124', -4],
    ['ANSWER: 1,000', 1000],
  ])('finds the last number of %j', (text, value) => {
    expect(lastNumber(text)?.value).toBe(value);
  });

  it('finds none in prose', () => {
    expect(lastNumber('no digits here')).toBeUndefined();
  });
});

describe('numeric', () => {
  it('scores 1 for the last number equal to the target', async () => {
    const score = await scoreOutput(numeric(), 'Adding 2 and 2 gives 4.', { target: '4' });
    expect(score).toMatchObject({ value: 1, answer: '4' });
  });

  it('compares only the last number', async () => {
    expect((await scoreOutput(numeric(), 'Not 4 but 5', { target: '4' })).value).toBe(0);
  });

  it('reads thousands separators and negatives in output and target', async () => {
    expect((await scoreOutput(numeric(), 'Total: 1,234', { target: '1234' })).value).toBe(1);
    expect((await scoreOutput(numeric(), 'It fell to -7', { target: '-7' })).value).toBe(1);
    expect((await scoreOutput(numeric(), 'It rose to 7', { target: '-7' })).value).toBe(0);
    expect((await scoreOutput(numeric(), 'About 1234567', { target: '1,234,567' })).value).toBe(1);
  });

  it('applies an absolute tolerance', async () => {
    expect(
      (await scoreOutput(numeric(), '0.1 + 0.2 = 0.30000000000000004', { target: '0.3' })).value,
    ).toBe(1);
    expect((await scoreOutput(numeric(), 'pi is 3.14', { target: '3.14159' })).value).toBe(0);
    expect(
      (await scoreOutput(numeric({ tolerance: 0.01 }), 'pi is 3.14', { target: '3.14159' })).value,
    ).toBe(1);
  });

  it('applies a relative tolerance', async () => {
    const scorer = numeric({ tolerance: 0.01, relative: true });
    expect((await scoreOutput(scorer, '1005', { target: '1000' })).value).toBe(1); // 0.5% off
    expect((await scoreOutput(scorer, '1020', { target: '1000' })).value).toBe(0); // 2% off
  });

  it('scores 0 with an explanation when the output has no number', async () => {
    const score = await scoreOutput(numeric(), 'I cannot say', { target: '4' });
    expect(score).toEqual({ value: 0, explanation: 'no number found in the output' });
  });

  it('throws a ScorerError when the target is not a number', async () => {
    await expect(scoreOutput(numeric(), '4', { target: 'four' })).rejects.toThrow(ScorerError);
  });

  it('rejects a negative tolerance at creation', () => {
    expect(() => numeric({ tolerance: -1 })).toThrow(InputError);
  });
});
