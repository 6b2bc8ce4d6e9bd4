import { describe, expect, it } from 'vitest';
import { scoreOutput } from '../../../test/support/task-state-fixture.js';
import { match, type MatchLocation } from './match.js';

async function valueOf(
  location: MatchLocation | undefined,
  output: string,
  target: string,
): Promise<number | null> {
  return (await scoreOutput(match(location === undefined ? {} : { location }), output, { target }))
    .value;
}

describe('match', () => {
  it('looks at the end by default, ignoring case and a trailing period', async () => {
    expect(await valueOf(undefined, 'The answer is Paris.', 'paris')).toBe(1);
    expect(await valueOf(undefined, 'Paris is the answer.', 'Paris')).toBe(0);
  });

  it('begin: the target starts the output', async () => {
    expect(await valueOf('begin', 'Paris, of course.', 'Paris')).toBe(1);
    expect(await valueOf('begin', 'Of course Paris', 'Paris')).toBe(0);
  });

  it('any: the target appears anywhere', async () => {
    expect(await valueOf('any', 'I would say Paris, probably.', 'paris')).toBe(1);
    expect(await valueOf('any', 'I would say Lyon.', 'Paris')).toBe(0);
  });

  it('exact: the whole output is the target', async () => {
    expect(await valueOf('exact', '  Paris. ', 'paris')).toBe(1);
    expect(await valueOf('exact', 'Paris, France', 'Paris')).toBe(0);
  });

  it('does not cut a number or word', async () => {
    expect(await valueOf('end', 'The total is 15', '5')).toBe(0);
    expect(await valueOf('end', 'The total is 5', '5')).toBe(1);
    expect(await valueOf('begin', 'Parisian food', 'Paris')).toBe(0);
    expect(await valueOf('any', 'catalogue and cat food', 'cat')).toBe(1);
    expect(await valueOf('any', 'catalogue', 'cat')).toBe(0);
  });

  it('is case-sensitive when ignoreCase is false', async () => {
    const scorer = match({ ignoreCase: false });
    expect((await scoreOutput(scorer, 'it is paris', { target: 'Paris' })).value).toBe(0);
    expect((await scoreOutput(scorer, 'it is Paris', { target: 'Paris' })).value).toBe(1);
  });

  it('names the location in its explanation', async () => {
    const score = await scoreOutput(match({ location: 'begin' }), 'no', { target: 'yes' });
    expect(score.explanation).toBe('no target found at location "begin" of the output');
  });
});
