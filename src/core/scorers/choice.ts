import { ScorerError } from '../errors/scorer-error.js';
import { completionText } from '../task/task-state.js';
import { normalizeText, quote, requireTargets, syncScorer } from './normalize-text.js';
import type { Scorer } from './scorer.js';

/** `ANSWER: B`, `ANSWER: (B)`, `ANSWER: B) text`, `**ANSWER:** B`, `Answer: [b]`; not `ANSWER: Because`. */
const answerLine = /\bANSWER\s*\**\s*:\s*\**\s*[([]?\s*([A-Z])(?![\p{L}\p{N}_])/giu;
/** An output that is a lone letter, perhaps wrapped: `B`, `(B).`, `**B**`. */
const loneLetter = /^[\s\p{P}]*([A-Z])[\s\p{P}]*$/iu;
const letterTarget = /^\s*[([]?([A-Z])[)\].]?\s*$/iu;

/** The letter the model chose: the last `ANSWER:` line, else a lone letter; undefined if none. */
export function parseAnswerLetter(output: string): string | undefined {
  const last = [...output.matchAll(answerLine)].at(-1) ?? loneLetter.exec(output);
  return last?.[1]?.toUpperCase();
}

function letterAt(index: number): string {
  return String.fromCharCode(65 + index);
}

/** A target as a letter: `B`, `(B)`, or the full text of one of the choices; else a ScorerError. */
export function targetLetter(target: string, choices: readonly string[] | undefined): string {
  const letter = letterTarget.exec(target)?.[1]?.toUpperCase();
  if (letter !== undefined && (choices === undefined || letter.charCodeAt(0) - 65 < choices.length))
    return letter;
  const index =
    choices?.findIndex((choice) => normalizeText(choice) === normalizeText(target)) ?? -1;
  if (index !== -1) return letterAt(index);
  throw new ScorerError(
    'choice',
    `target ${quote(target)} is neither a choice letter nor the text of a choice`,
    {
      hint: 'give multiple-choice targets as letters ("B") or as the exact text of one of the sample\'s choices',
    },
  );
}

/** `choice`: 1 when the letter the model answered is one of the target letters. */
export function choice(): Scorer {
  return syncScorer('choice', (state, targets) => {
    const choices = state.sample.choices?.length === 0 ? undefined : state.sample.choices;
    const wanted = requireTargets('choice', targets).map((target) => targetLetter(target, choices));
    const letter = parseAnswerLetter(completionText(state));
    if (letter === undefined) return { value: 0, explanation: 'no answer letter found' };
    if (choices !== undefined && letter.charCodeAt(0) - 65 >= choices.length) {
      const range = `A-${letterAt(choices.length - 1)}`;
      return {
        value: 0,
        answer: letter,
        explanation: `answer ${letter} is not one of the ${choices.length} choices (${range})`,
      };
    }
    return {
      value: wanted.includes(letter) ? 1 : 0,
      answer: letter,
      explanation: `answered ${letter}; the target is ${wanted.join(' or ')}`,
    };
  });
}
