import { InputError } from '../errors/input-error.js';
import type { ModelApi } from '../model/model-api.js';
import { choice } from './choice.js';
import { exact } from './exact.js';
import { includes } from './includes.js';
import { match } from './match.js';
import { modelGraded } from './model-graded.js';
import { numeric } from './numeric.js';
import { pattern } from './pattern.js';
import type { Scorer } from './scorer.js';
import type { ScorerName, ScorerSpec, ScorerSpecObject } from './scorer-spec.js';

export { scorerNames } from './scorer-spec.js';

/** What scorers need beyond their spec: the grader model, resolved by the caller. */
export interface ScorerContext {
  readonly grader?: ModelApi | undefined;
}

type Factory<N extends ScorerName> = (
  spec: Extract<ScorerSpecObject, { name: N }>,
  context: ScorerContext,
) => Scorer;

/** One entry per scorer name; a missing entry fails to compile. */
const factories: { readonly [N in ScorerName]: Factory<N> } = {
  exact: (spec) =>
    exact({ ignoreCase: spec.ignore_case, ignorePunctuation: spec.ignore_punctuation }),
  match: (spec) => match({ location: spec.location, ignoreCase: spec.ignore_case }),
  includes: (spec) => includes({ ignoreCase: spec.ignore_case }),
  pattern: (spec) =>
    pattern({ regex: spec.regex, ignoreCase: spec.ignore_case, matchAll: spec.match_all }),
  choice: () => choice(),
  numeric: (spec) => numeric({ tolerance: spec.tolerance, relative: spec.relative }),
  model_graded: (spec, { grader }) => {
    if (grader === undefined) {
      throw new InputError('scorer model_graded needs a grader model', {
        hint: 'pass --grader-model provider/model, or set model: in the scorer spec',
      });
    }
    return modelGraded({
      grader,
      template: spec.template,
      instructions: spec.instructions,
      gradePattern: spec.grade_pattern,
      partialCredit: spec.partial_credit,
    });
  },
};

/** Builds the scorer a task file declares. */
export function createScorer(spec: ScorerSpec, context: ScorerContext = {}): Scorer {
  const object: ScorerSpecObject = typeof spec === 'string' ? { name: spec } : spec;
  // TypeScript cannot correlate `factories[name]` with the spec of that name; the table's type does.
  const factory = factories[object.name] as Factory<ScorerName>;
  return factory(object, context);
}
