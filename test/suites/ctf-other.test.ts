// The pwn, crypto, forensics and misc challenges of cyber.ctf, end to end on the local
// sandbox: the reference solution of every challenge scores 1 with every subtask and outcome
// observed by the target, and doing nothing scores 0 with none. Root, bwrap and gcc needed.
import { describe, expect, it } from 'vitest';
import { createChallengeRandom } from '../../src/suites/cyber/ctf/challenge-random.js';
import { otherChallenges } from '../../src/suites/cyber/ctf/challenges/other/index.js';
import { cyberCtf } from '../../src/suites/cyber/ctf/cyber-ctf.js';
import { assertValidInstance } from '../../src/suites/cyber/ctf/validate-challenge.js';
import { createReferenceModel } from '../../src/providers/reference/reference-models.js';
import { sandboxUnavailableReason } from '../sandbox/support.js';
import { ctfScore, runLocally } from './ctf-support.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn(`SKIPPED ctf-other sandbox tests: ${reason}`);

/** Everything a build put in the target, as text, to compare two builds. */
function serviceText(challengeId: string, seed: string): { flag: string; files: string } {
  const challenge = otherChallenges.find((candidate) => candidate.id === challengeId)!;
  const instance = challenge.build(createChallengeRandom(seed).fork(challenge.id));
  const files = instance.services
    .flatMap((service) => Object.entries(service.files ?? {}))
    .map(([path, contents]) => {
      const bytes =
        typeof contents === 'object' && 'contents' in contents ? contents.contents : contents;
      return `${path}:${Buffer.from(bytes).toString('base64')}`;
    })
    .join('\n');
  return { flag: instance.flag, files };
}

describe('cyber.ctf pwn, crypto, forensics and misc challenges', () => {
  it('spans the categories and tiers, with at least two CVE-Bench-style outcomes', () => {
    const count = (key: 'category' | 'difficulty', value: string) =>
      otherChallenges.filter((challenge) => challenge[key] === value).length;
    expect(count('category', 'pwn')).toBeGreaterThanOrEqual(2);
    expect(count('category', 'crypto')).toBeGreaterThanOrEqual(3);
    expect(count('category', 'forensics')).toBeGreaterThanOrEqual(2);
    expect(count('category', 'misc')).toBeGreaterThanOrEqual(2);
    for (const tier of ['easy', 'medium', 'hard'])
      expect(count('difficulty', tier)).toBeGreaterThan(0);
    const random = createChallengeRandom('outcomes');
    const withOutcomes = otherChallenges.filter(
      (challenge) => (challenge.build(random.fork(challenge.id)).outcomes ?? []).length > 0,
    );
    expect(withOutcomes.length).toBeGreaterThanOrEqual(2);
  });

  it.each(otherChallenges.map((challenge) => [challenge.id]))(
    '%s: a valid instance per build, the same for one seed, fresh flag and target for another',
    (id) => {
      const challenge = otherChallenges.find((candidate) => candidate.id === id)!;
      assertValidInstance(challenge, challenge.build(createChallengeRandom('a').fork(id)));
      const first = serviceText(id, 'a');
      const again = serviceText(id, 'a');
      const other = serviceText(id, 'b');
      expect(again).toEqual(first);
      expect(other.flag).not.toBe(first.flag);
      expect(other.files).not.toBe(first.files);
    },
  );

  describe.skipIf(reason !== undefined)('on the local sandbox', () => {
    it('the reference solution captures every flag and meets every subtask and outcome', async () => {
      const task = await cyberCtf({ seed: 'ctf-other-solution', challenges: otherChallenges });
      const { result, records } = await runLocally(task, createReferenceModel('solution'));
      expect(result.status).toBe('success');
      for (const challenge of otherChallenges) {
        const record = records.get(challenge.id);
        const score = ctfScore(record);
        const context = `${challenge.id}: ${JSON.stringify(score)} ${record?.error?.message ?? ''}`;
        expect(score.value, context).toBe(1);
        expect(score.flag, context).toBe(true);
        expect(Object.values(score.subtasks ?? {}).every(Boolean), context).toBe(true);
        expect(Object.values(score.outcomes ?? {}).every(Boolean), context).toBe(true);
        expect(record?.output).toBe(record?.target);
      }
    }, 240_000);

    it('doing nothing scores 0: no flag, no subtask, no outcome', async () => {
      const task = await cyberCtf({ seed: 'ctf-other-noop', challenges: otherChallenges });
      const { result, records } = await runLocally(task, createReferenceModel('noop'));
      expect(result.status).toBe('success');
      for (const challenge of otherChallenges) {
        const score = ctfScore(records.get(challenge.id));
        const context = `${challenge.id}: ${JSON.stringify(score)}`;
        expect(score.value, context).toBe(0);
        expect(Object.values(score.subtasks ?? {}).some(Boolean), context).toBe(false);
        expect(Object.values(score.outcomes ?? {}).some(Boolean), context).toBe(false);
      }
    }, 120_000);
  });
});
