import { InputError } from '../errors/input-error.js';
import { lastUserText } from '../model/chat-message.js';
import type { ModelApi } from '../model/model-api.js';
import { inputMessages } from '../task/sample.js';
import { completionText } from '../task/task-state.js';
import { compileRegex } from './pattern.js';
import type { Scorer } from './scorer.js';

export interface ModelGradedOptions {
  readonly grader: ModelApi;
  /** Placeholders: `{question}`, `{answer}`, `{criterion}` (the targets), `{instructions}`. */
  readonly template?: string | undefined;
  readonly instructions?: string | undefined;
  /** A regex whose first group captures the grade letter; the last match counts. */
  readonly gradePattern?: string | undefined;
  /** Let the grader award P (partial, 0.5) besides C and I. */
  readonly partialCredit?: boolean | undefined;
}

export const defaultGradingTemplate = `You are assessing a submitted answer to a task against a criterion. Here is the data:

[BEGIN DATA]
***
[Task]: {question}
***
[Submission]: {answer}
***
[Criterion]: {criterion}
***
[END DATA]

Does the submission meet the criterion?

{instructions}`;

/** The default instructions: reason first, then end with a `GRADE:` line. */
export function defaultGradingInstructions(partialCredit: boolean): string {
  const letters = partialCredit ? 'C, P or I' : 'C or I';
  const meanings = partialCredit
    ? '"C" for a correct answer, "P" for a partially correct answer, or "I" for an incorrect answer'
    : '"C" for a correct answer or "I" for an incorrect answer';
  return `First, reason step by step about whether the submission meets the criterion, so that your conclusion is sound; do not state the grade at the outset. Then end your reply with a line of the form 'GRADE: $LETTER' (without quotes), where LETTER is one of ${letters}: ${meanings}.`;
}

const gradeValues: Readonly<Record<string, number>> = { C: 1, P: 0.5, I: 0 };

/**
 * `model_graded`: asks a grader model whether the output meets the targets. A reply without a
 * recognisable grade scores null (could not score); a failing grader call throws.
 */
export function modelGraded(options: ModelGradedOptions): Scorer {
  const { grader } = options;
  const template = options.template ?? defaultGradingTemplate;
  if (!template.includes('{answer}')) {
    throw new InputError('the grading template has no {answer} placeholder', {
      hint: 'put {answer} where the grader should see the output (and usually {question} and {criterion})',
    });
  }
  const instructions =
    options.instructions ?? defaultGradingInstructions(options.partialCredit === true);
  const gradePattern = compileRegex(
    options.gradePattern ?? String.raw`GRADE:\s*([CPI])`,
    'gi',
    'grade pattern',
  );
  return {
    name: 'model_graded',
    async score(state, targets, scoreOptions) {
      const answer = completionText(state);
      const values: Readonly<Record<string, string>> = {
        question:
          state.prompt !== '' ? state.prompt : lastUserText(inputMessages(state.sample.input)),
        answer,
        criterion: targets.join('\n'),
        instructions,
      };
      // One pass, so braces inside the answer are never filled in themselves.
      const content = template.replace(
        /\{(question|answer|criterion|instructions)\}/g,
        (whole, key: string) => values[key] ?? whole,
      );
      const signal = scoreOptions?.signal;
      const output = await grader.generate(
        { messages: [{ role: 'user', content }], config: { temperature: 0 } },
        signal === undefined ? {} : { signal },
      );
      const reply = output.message.content;
      const grade = [...reply.matchAll(gradePattern)].at(-1)?.[1]?.toUpperCase();
      const value = grade === undefined ? undefined : gradeValues[grade];
      const metadata = { grader: grader.name, ...(grade === undefined ? {} : { grade }) };
      if (value === undefined) {
        return {
          value: null,
          answer,
          explanation: `the grader gave no recognisable grade; its reply:\n${reply}`,
          metadata,
        };
      }
      return { value, answer, explanation: reply, metadata };
    },
  };
}
