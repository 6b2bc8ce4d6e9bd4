import { ScorerError } from '../errors/scorer-error.js';
import type { TaskState } from '../task/task-state.js';
import type { Score } from './score.js';
import type { Scorer } from './scorer.js';

/** How text is made comparable; both flags default to true. */
export interface NormalizeOptions {
  readonly ignoreCase?: boolean | undefined;
  readonly ignorePunctuation?: boolean | undefined;
}

/** Quotes, sentence marks and markdown emphasis that may wrap an answer: `"Paris."`, `**B**`. */
const leadingPunctuation = /^(?:\s|(?![.]\d)[.,;:!?'"`‘’“”«»*_~])+/u;
const trailingPunctuation = /(?:\s|[.,;:!?'"`‘’“”«»*_~])+$/u;
const bracketPairs: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** `(B)` -> `B`, but `(a) or (b)` stays: the opening bracket must close at the very end. */
function unwrapBrackets(text: string): string {
  const close = bracketPairs[text.charAt(0)];
  if (close === undefined || !text.endsWith(close) || text.length < 2) return text;
  let depth = 0;
  for (let index = 0; index < text.length - 1; index += 1) {
    if (text[index] === text[0]) depth += 1;
    else if (text[index] === close) depth -= 1;
    if (depth === 0) return text;
  }
  return text.slice(1, -1);
}

/** Strips quotes, brackets, emphasis and end marks around the text, but not `-5` or `.5`. */
export function stripSurroundingPunctuation(text: string): string {
  let current = text;
  for (;;) {
    const next = unwrapBrackets(
      current.replace(leadingPunctuation, '').replace(trailingPunctuation, ''),
    );
    if (next === current) return current;
    current = next;
  }
}

/** Trims, collapses whitespace, and by default lower-cases and strips surrounding punctuation. */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  let result = text.replace(/\s+/gu, ' ').trim();
  if (options.ignoreCase ?? true) result = result.toLowerCase();
  if (options.ignorePunctuation ?? true) result = stripSurroundingPunctuation(result);
  return result;
}

/** A string for explanations: quoted, and cut short when long. */
export function quote(text: string, limit = 200): string {
  return JSON.stringify(text.length > limit ? `${text.slice(0, limit)}…` : text);
}

/**
 * The non-blank targets. A blank target would match every answer (`includes('')`), so none at
 * all is a ScorerError: a dataset bug, not a wrong answer.
 */
export function requireTargets(scorer: string, targets: readonly string[]): readonly string[] {
  const nonBlank = targets.filter((target) => target.trim() !== '');
  if (nonBlank.length === 0) {
    throw new ScorerError(scorer, 'the sample has no target', {
      hint: 'give every sample a non-empty "target"',
    });
  }
  return nonBlank;
}

/** A scorer from a synchronous function; what it throws becomes a rejected promise. */
export function syncScorer(
  name: string,
  score: (state: TaskState, targets: readonly string[]) => Score,
): Scorer {
  return {
    name,
    score: (state, targets) =>
      new Promise<Score>((resolve) => {
        resolve(score(state, targets));
      }),
  };
}
