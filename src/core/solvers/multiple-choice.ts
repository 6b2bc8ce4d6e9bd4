import { InputError } from '../errors/input-error.js';
import { fillTemplate } from './fill-template.js';
import type { Solver } from './solver.js';

/** The default prompt; the `choice` scorer reads the `ANSWER: X` line it asks for. */
export const defaultMultipleChoiceTemplate = `Answer the following multiple choice question. The last line of your response must be of the form 'ANSWER: $LETTER' (without quotes) where LETTER is one of {letters}.

{question}

{choices}`;

/** `A`, `B`, ... for choice positions. */
export function choiceLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

/**
 * Formats the sample's question and its choices through a template (placeholders
 * `{question}`, `{choices}`, `{letters}`), asks the model once, and leaves the answer for the
 * `choice` scorer.
 */
export function multipleChoice(template: string = defaultMultipleChoiceTemplate): Solver {
  return async (state, callModel) => {
    const choices = state.sample.choices;
    if (choices === undefined || choices.length < 2) {
      throw new InputError(`sample ${state.sample.id} has no choices`, {
        hint: 'give multiple-choice samples a "choices" list of at least two options',
      });
    }
    if (choices.length > 26) {
      throw new InputError(
        `sample ${state.sample.id} has ${choices.length} choices; at most 26 are supported`,
      );
    }
    const letters = choices.map((_, index) => choiceLetter(index));
    const content = fillTemplate(template, state, {
      question: state.prompt,
      choices: choices.map((choice, index) => `${letters[index] ?? ''}) ${choice}`).join('\n'),
      letters: letters.join(', '),
    });
    const index = state.messages.findLastIndex((message) => message.role === 'user');
    const messages =
      index === -1
        ? [...state.messages, { role: 'user' as const, content }]
        : state.messages.map((message, at) =>
            at === index ? { role: 'user' as const, content } : message,
          );
    return callModel({ ...state, messages });
  };
}
