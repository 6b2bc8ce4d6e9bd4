import { describe, expect, it } from 'vitest';
import { scoreOutput } from '../../../test/support/task-state-fixture.js';
import { includes } from './includes.js';

describe('includes', () => {
  it('scores 1 when the output contains the target', async () => {
    const score = await scoreOutput(includes(), 'I think it is Paris, France.', {
      target: 'Paris',
    });
    expect(score).toMatchObject({ value: 1, answer: 'I think it is Paris, France.' });
  });

  it('is case-sensitive by default', async () => {
    expect((await scoreOutput(includes(), 'it is paris', { target: 'Paris' })).value).toBe(0);
  });

  it('ignores case when asked', async () => {
    expect(
      (await scoreOutput(includes({ ignoreCase: true }), 'it is PARIS', { target: 'Paris' })).value,
    ).toBe(1);
  });

  it('matches any one of several targets', async () => {
    expect((await scoreOutput(includes(), 'Lyon', { target: ['Paris', 'Lyon'] })).value).toBe(1);
    expect((await scoreOutput(includes(), 'Nice', { target: ['Paris', 'Lyon'] })).value).toBe(0);
  });

  it('matches a plain substring, even inside a word', async () => {
    expect((await scoreOutput(includes(), 'catalogue', { target: 'cat' })).value).toBe(1);
  });

  it('never matches through a blank target', async () => {
    expect((await scoreOutput(includes(), 'anything', { target: ['', 'Paris'] })).value).toBe(0);
  });
});
