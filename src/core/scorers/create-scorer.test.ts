import { describe, expect, it } from 'vitest';
import { thrownInputError } from '../../../test/support/errors.js';
import { modelOutput, scoreOutput } from '../../../test/support/task-state-fixture.js';
import { InputError } from '../errors/input-error.js';
import type { ModelApi } from '../model/model-api.js';
import { createScorer, scorerNames } from './create-scorer.js';
import { scorerSpecSchema } from './scorer-spec.js';

const grader: ModelApi = {
  name: 'fake/grader',
  generate: () => Promise.resolve(modelOutput('GRADE: C')),
};

describe('createScorer', () => {
  it('builds every scorer by name', () => {
    const specs = scorerNames.map((name) => (name === 'pattern' ? { name, regex: 'x' } : name));
    const built = specs.map((spec) => createScorer(scorerSpecSchema.parse(spec), { grader }).name);
    expect(built).toEqual([
      'exact',
      'match',
      'includes',
      'pattern',
      'choice',
      'numeric',
      'model_graded',
    ]);
  });

  it('passes snake_case options through', async () => {
    const sensitive = createScorer({ name: 'includes', ignore_case: false });
    const insensitive = createScorer({ name: 'includes', ignore_case: true });
    expect((await scoreOutput(sensitive, 'PARIS', { target: 'Paris' })).value).toBe(0);
    expect((await scoreOutput(insensitive, 'PARIS', { target: 'Paris' })).value).toBe(1);
    const beginning = createScorer({ name: 'match', location: 'begin' });
    expect((await scoreOutput(beginning, 'Paris is it', { target: 'Paris' })).value).toBe(1);
    const loose = createScorer({ name: 'numeric', tolerance: 0.5 });
    expect((await scoreOutput(loose, '3.4', { target: '3' })).value).toBe(1);
  });

  it('passes the grader to model_graded', async () => {
    const scorer = createScorer({ name: 'model_graded', partial_credit: true }, { grader });
    expect(await scoreOutput(scorer, 'Paris', { target: 'Paris' })).toMatchObject({
      value: 1,
      metadata: { grader: 'fake/grader' },
    });
  });

  it('refuses model_graded without a grader, with a hint', () => {
    expect(() => createScorer('model_graded', {})).toThrow(InputError);
    const error = thrownInputError(() => createScorer({ name: 'model_graded' }));
    expect(error.hint).toContain('--grader-model');
    expect(error.hint).toContain('model:');
  });
});
