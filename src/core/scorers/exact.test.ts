import { describe, expect, it } from 'vitest';
import { scoreOutput } from '../../../test/support/task-state-fixture.js';
import { exact } from './exact.js';

describe('exact', () => {
  it('scores 1 when the normalised output equals the target', async () => {
    const score = await scoreOutput(exact(), '  paris. ', { target: 'Paris' });
    expect(score.value).toBe(1);
    expect(score.answer).toBe('  paris. ');
  });

  it('scores 1 when any of several targets matches', async () => {
    expect((await scoreOutput(exact(), 'NYC', { target: ['New York', 'nyc'] })).value).toBe(1);
  });

  it('scores 0 when the target is only part of the output', async () => {
    const score = await scoreOutput(exact(), 'The answer is Paris', { target: 'Paris' });
    expect(score.value).toBe(0);
    expect(score.explanation).toContain('equals no target');
  });

  it('is case-sensitive when ignoreCase is false', async () => {
    expect(
      (await scoreOutput(exact({ ignoreCase: false }), 'paris', { target: 'Paris' })).value,
    ).toBe(0);
  });

  it('throws on a sample without a target', async () => {
    await expect(scoreOutput(exact(), 'Paris', { target: [] })).rejects.toThrow('has no target');
  });
});
