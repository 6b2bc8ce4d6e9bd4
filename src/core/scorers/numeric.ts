import { InputError } from '../errors/input-error.js';
import { ScorerError } from '../errors/scorer-error.js';
import { completionText } from '../task/task-state.js';
import { quote, requireTargets, syncScorer } from './normalize-text.js';
import type { Scorer } from './scorer.js';

export interface NumericOptions {
  /** The largest difference still counted as equal; default 1e-6. */
  readonly tolerance?: number | undefined;
  /** Measure the tolerance as a fraction of the target (|a - t| <= tolerance * |t|). */
  readonly relative?: boolean | undefined;
}

/**
 * A number in prose: `-3`, `+0.5`, `.5`, `1,234,567.89`, `6.02e23`, `−4` (Unicode minus). A sign
 * counts only when no letter or digit precedes it, so `3-5` ends with 5, not -5.
 */
const numberSource = String.raw`(?<![\d.])(?:(?<![\p{L}\p{N}_])[-+\u2212])?(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?`;
const numberInText = new RegExp(numberSource, 'gu');
const wholeNumber = new RegExp(`^${numberSource}$`, 'u');

function toNumber(text: string): number {
  return Number(text.replaceAll(',', '').replace('\u2212', '-'));
}

/** The last number in the text, or undefined when there is none. */
export function lastNumber(
  text: string,
): { readonly text: string; readonly value: number } | undefined {
  const found = [...text.matchAll(numberInText)].at(-1)?.[0];
  return found === undefined ? undefined : { text: found, value: toNumber(found) };
}

/** `numeric`: 1 when the last number in the output is within tolerance of a numeric target. */
export function numeric(options: NumericOptions = {}): Scorer {
  const tolerance = options.tolerance ?? 1e-6;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new InputError(`numeric tolerance must be a finite number >= 0, not ${tolerance}`);
  }
  const relative = options.relative === true;
  return syncScorer('numeric', (state, targets) => {
    const numbers = requireTargets('numeric', targets).map((target) => {
      if (!wholeNumber.test(target.trim())) {
        throw new ScorerError('numeric', `target ${quote(target)} is not a number`, {
          hint: 'give numeric samples a target such as "42", "-3.5", "1,234" or "6.02e23"',
        });
      }
      return toNumber(target.trim());
    });
    const found = lastNumber(completionText(state));
    if (found === undefined) return { value: 0, explanation: 'no number found in the output' };
    const allowed = (target: number) => (relative ? tolerance * Math.abs(target) : tolerance);
    const hit = numbers.find((target) => Math.abs(found.value - target) <= allowed(target));
    return {
      value: hit === undefined ? 0 : 1,
      answer: found.text,
      explanation: `last number ${found.value} is ${hit === undefined ? 'not ' : ''}within ${relative ? 'relative ' : ''}tolerance ${tolerance} of ${numbers.join(' or ')}`,
    };
  });
}
