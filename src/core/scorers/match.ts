import { completionText } from '../task/task-state.js';
import { normalizeText, quote, requireTargets, syncScorer } from './normalize-text.js';
import type { Scorer } from './scorer.js';

/** Where in the output a target must appear. */
export type MatchLocation = 'begin' | 'end' | 'any' | 'exact';

export interface MatchOptions {
  readonly location?: MatchLocation | undefined;
  readonly ignoreCase?: boolean | undefined;
}

const wordChar = /[\p{L}\p{N}_]/u;

/** Whether `target` sits at `start` of `text` without cutting a word (`5` is not in `15`). */
function fitsAt(text: string, target: string, start: number): boolean {
  const end = start + target.length;
  const cutsBefore =
    start > 0 && wordChar.test(text.charAt(start - 1)) && wordChar.test(target.charAt(0));
  const cutsAfter =
    end < text.length &&
    wordChar.test(text.charAt(end)) &&
    wordChar.test(target.charAt(target.length - 1));
  return !cutsBefore && !cutsAfter;
}

function matchesAt(text: string, target: string, location: MatchLocation): boolean {
  if (target === '') return location === 'exact' && text === ''; // a target of only punctuation
  switch (location) {
    case 'exact':
      return text === target;
    case 'begin':
      return text.startsWith(target) && fitsAt(text, target, 0);
    case 'end':
      return text.endsWith(target) && fitsAt(text, target, text.length - target.length);
    case 'any':
      for (let at = text.indexOf(target); at !== -1; at = text.indexOf(target, at + 1)) {
        if (fitsAt(text, target, at)) return true;
      }
      return false;
  }
}

/**
 * `match`: 1 when a target appears at the given location of the output (default: its end),
 * both normalised. Unlike a bare substring test, a match may not cut a word or number:
 * target `5` does not match the end of `15`.
 */
export function match(options: MatchOptions = {}): Scorer {
  const location = options.location ?? 'end';
  const normalize = (text: string) =>
    normalizeText(text, { ignoreCase: options.ignoreCase ?? true });
  return syncScorer('match', (state, targets) => {
    const answer = completionText(state);
    const text = normalize(answer);
    const found = requireTargets('match', targets).find((target) =>
      matchesAt(text, normalize(target), location),
    );
    return {
      value: found === undefined ? 0 : 1,
      answer,
      explanation:
        found === undefined
          ? `no target found at location "${location}" of the output`
          : `target ${quote(found)} found at location "${location}" of the output`,
    };
  });
}
