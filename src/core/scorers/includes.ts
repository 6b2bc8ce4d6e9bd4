import { completionText } from '../task/task-state.js';
import { quote, requireTargets, syncScorer } from './normalize-text.js';
import type { Scorer } from './scorer.js';

export interface IncludesOptions {
  /** Compare case-insensitively; off by default, as in Inspect. */
  readonly ignoreCase?: boolean | undefined;
}

/** `includes`: 1 when the output contains a target as a plain substring. */
export function includes(options: IncludesOptions = {}): Scorer {
  const fold =
    options.ignoreCase === true ? (text: string) => text.toLowerCase() : (text: string) => text;
  return syncScorer('includes', (state, targets) => {
    const answer = completionText(state);
    const haystack = fold(answer);
    const found = requireTargets('includes', targets).find((target) =>
      haystack.includes(fold(target)),
    );
    return {
      value: found === undefined ? 0 : 1,
      answer,
      explanation:
        found === undefined
          ? 'the output contains no target'
          : `the output contains ${quote(found)}`,
    };
  });
}
