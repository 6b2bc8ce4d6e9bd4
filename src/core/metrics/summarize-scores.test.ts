import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseReducer } from './reducer.js';
import { summarizeScores } from './summarize-scores.js';
import { wilsonInterval } from './wilson-interval.js';

const samples = (
  entries: Record<string, readonly (number | null)[]>,
): Map<string, readonly (number | null)[]> => new Map(Object.entries(entries));

describe('summarizeScores', () => {
  it('gives the classic Wilson interval for one binary epoch', () => {
    // 8 of 10 correct: n_eff = 10·0.8·0.2 / 0.16 = 10 → Wilson(0.8, 10) = [0.49016, 0.94332];
    // stderr = sqrt((8·0.04 + 2·0.64) / (10·9)) = sqrt(1.6/90) = 0.133333
    const result = summarizeScores(
      'match',
      samples({ a: [1], b: [1], c: [1], d: [1], e: [1], f: [1], g: [1], h: [1], i: [0], j: [0] }),
      parseReducer('mean'),
    );
    expect(result).toMatchObject({
      scorer: 'match',
      reducer: 'mean',
      scoredSamples: 10,
      unscoredSamples: 0,
    });
    const accuracy = result.metrics['accuracy']!;
    expect(accuracy.value).toBeCloseTo(0.8, 12);
    expect(accuracy.stderr).toBeCloseTo(0.133333, 6);
    expect(accuracy.ciMethod).toBe('wilson');
    expect(accuracy.ci95![0]).toBeCloseTo(0.490162, 6);
    expect(accuracy.ci95![1]).toBeCloseTo(0.943318, 6);
  });

  it('clusters epochs by sample for the stderr and the effective sample size', () => {
    // per-sample means: a 0.5, b 1, c 0; mean 0.5; Σ(x-mean)² = 0 + 0.25 + 0.25 = 0.5;
    // stderr = sqrt(0.5 / (3·2)) = 0.288675; s² = 0.5/3 = 1/6; n_eff = 3·0.25/(1/6) = 4.5 (≤ 6 observations);
    // Wilson(0.5, 4.5) = [0.160690, 0.839310]
    const result = summarizeScores(
      'match',
      samples({ a: [1, 0], b: [1, 1], c: [0, 0] }),
      parseReducer('mean'),
    );
    const accuracy = result.metrics['accuracy']!;
    expect(accuracy.value).toBe(0.5);
    expect(accuracy.stderr).toBeCloseTo(0.288675, 6);
    expect(accuracy.ci95![0]).toBeCloseTo(0.16069, 5);
    expect(accuracy.ci95![1]).toBeCloseTo(0.83931, 5);
  });

  it('caps the effective sample size at the number of raw observations', () => {
    // per-sample means 0.5, 0.75, 0.25; mean 0.5; s² = (0 + 1/16 + 1/16)/3 = 1/24;
    // n_eff = 3·0.25·24 = 18 > 12 observations → 12; Wilson(0.5, 12) = [0.253782, 0.746218]
    const result = summarizeScores(
      'match',
      samples({ a: [1, 1, 0, 0], b: [1, 1, 1, 0], c: [1, 0, 0, 0] }),
      parseReducer('mean'),
    );
    const [lower, upper] = result.metrics['accuracy']!.ci95!;
    expect(lower).toBeCloseTo(0.253782, 6);
    expect(upper).toBeCloseTo(0.746218, 6);
  });

  it('uses n when every sample has the same value', () => {
    // all per-sample values 0.5: s² = 0 → n_eff = n = 2; Wilson(0.5, 2) = [0.094531, 0.905469]
    const result = summarizeScores(
      'match',
      samples({ a: [1, 0], b: [0, 1] }),
      parseReducer('mean'),
    );
    const accuracy = result.metrics['accuracy']!;
    expect(accuracy.stderr).toBe(0);
    expect(accuracy.ci95![0]).toBeCloseTo(0.094531, 6);
    expect(accuracy.ci95![1]).toBeCloseTo(0.905469, 6);
  });

  it('drops nulls and counts samples with no score at all as unscored', () => {
    // a → [1], b → [0, 1] → 0.5 with mean; c has nothing left → unscored
    const result = summarizeScores(
      'judge',
      samples({ a: [null, 1], b: [0, 1], c: [null, null] }),
      parseReducer('mean'),
    );
    expect(result.scoredSamples).toBe(2);
    expect(result.unscoredSamples).toBe(1);
    // mean (1 + 0.5)/2 = 0.75; stderr = sqrt((0.0625 + 0.0625) / (2·1)) = 0.25
    expect(result.metrics['accuracy']).toMatchObject({
      value: 0.75,
      stderr: 0.25,
      ciMethod: 'wilson',
    });
  });

  it('reduces each sample with the given reducer before summarising', () => {
    // pass_at_1 with n = 2 epochs: a c=1 → 1 - 1/2 = 0.5; b c=2 → 1; mean 0.75
    const result = summarizeScores(
      'match',
      samples({ a: [1, 0], b: [1, 1] }),
      parseReducer('pass_at_1'),
    );
    expect(result.reducer).toBe('pass_at_1');
    expect(result.metrics['accuracy']!.value).toBe(0.75);
  });

  it('reports a mean with a normal interval when values leave [0, 1]', () => {
    // values 2, 4, 9: mean 5; Σ(x-mean)² = 9 + 1 + 16 = 26; stderr = sqrt(26/6) = 2.081666;
    // interval 5 ± 1.959964·2.081666 = [0.920010, 9.079990]
    const result = summarizeScores(
      'tokens',
      samples({ a: [2], b: [4], c: [9] }),
      parseReducer('mean'),
    );
    expect(Object.keys(result.metrics)).toEqual(['mean']);
    const mean = result.metrics['mean']!;
    expect(mean.value).toBe(5);
    expect(mean.stderr).toBeCloseTo(2.081666, 6);
    expect(mean.ciMethod).toBe('normal');
    expect(mean.ci95![0]).toBeCloseTo(0.92001, 5);
    expect(mean.ci95![1]).toBeCloseTo(9.07999, 5);
  });

  it('has no stderr or normal interval with a single sample', () => {
    const result = summarizeScores('tokens', samples({ a: [7] }), parseReducer('mean'));
    expect(result.metrics['mean']).toEqual({ value: 7, stderr: null, ci95: null, ciMethod: null });
  });

  it('still gives a Wilson interval with a single binary sample', () => {
    // n = 1, p = 1 → n_eff = 1: [1/(1 + z²), 1] = [0.206549, 1]
    const accuracy = summarizeScores('match', samples({ a: [1] }), parseReducer('mean')).metrics[
      'accuracy'
    ]!;
    expect(accuracy.stderr).toBeNull();
    expect(accuracy.ci95).toEqual([expect.closeTo(0.206549, 6), 1]);
  });

  it('returns no metrics when nothing was scored', () => {
    expect(summarizeScores('judge', samples({ a: [null], b: [] }), parseReducer('mean'))).toEqual({
      scorer: 'judge',
      reducer: 'mean',
      scoredSamples: 0,
      unscoredSamples: 2,
      metrics: {},
    });
    expect(summarizeScores('judge', new Map(), parseReducer('mean')).metrics).toEqual({});
  });

  it('rejects a non-finite score rather than reporting NaN', () => {
    expect(() =>
      summarizeScores('judge', samples({ a: [Number.NaN] }), parseReducer('mean')),
    ).toThrow(/non-finite value NaN/);
  });

  it('equals the plain Wilson interval for one binary epoch', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 1), { minLength: 1, maxLength: 200 }), (values) => {
        const perSample = new Map(values.map((value, i) => [`s${i}`, [value]]));
        const accuracy = summarizeScores('match', perSample, parseReducer('mean')).metrics[
          'accuracy'
        ]!;
        const [lower, upper] = wilsonInterval(accuracy.value, values.length);
        expect(accuracy.ci95![0]).toBeCloseTo(lower, 9);
        expect(accuracy.ci95![1]).toBeCloseTo(upper, 9);
      }),
    );
  });

  it('gives an interval inside [0, 1] that contains the estimate for random binary epochs', () => {
    const binarySamples = fc.array(
      fc.array(fc.constantFrom(0, 1, null), { minLength: 1, maxLength: 6 }),
      {
        minLength: 1,
        maxLength: 60,
      },
    );
    fc.assert(
      fc.property(binarySamples, (epochs) => {
        const perSample = new Map(epochs.map((values, i) => [`s${i}`, values]));
        const result = summarizeScores('match', perSample, parseReducer('mean'));
        const accuracy = result.metrics['accuracy'];
        if (result.scoredSamples === 0) return accuracy === undefined;
        const [lower, upper] = accuracy!.ci95!;
        return 0 <= lower && lower <= accuracy!.value && accuracy!.value <= upper && upper <= 1;
      }),
    );
  });
});
