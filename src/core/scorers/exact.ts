import { completionText } from '../task/task-state.js';
import {
  normalizeText,
  quote,
  requireTargets,
  syncScorer,
  type NormalizeOptions,
} from './normalize-text.js';
import type { Scorer } from './scorer.js';

/**
 * `exact`: 1 when the whole output equals a target once both are normalised (trimmed,
 * whitespace collapsed, and by default lower-cased with surrounding punctuation stripped).
 */
export function exact(options: NormalizeOptions = {}): Scorer {
  return syncScorer('exact', (state, targets) => {
    const answer = completionText(state);
    const normalized = normalizeText(answer, options);
    const matched = requireTargets('exact', targets).find(
      (target) => normalizeText(target, options) === normalized,
    );
    return {
      value: matched === undefined ? 0 : 1,
      answer,
      explanation:
        matched === undefined
          ? `output ${quote(normalized)} equals no target once normalised`
          : `output equals target ${quote(matched)}`,
    };
  });
}
