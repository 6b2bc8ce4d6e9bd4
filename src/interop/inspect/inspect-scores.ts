import type { SampleRecord } from '../../core/log/log-schema.js';
import type { InspectScore } from './inspect-types.js';
import type { InspectScoreInput } from './inspect-schema.js';

/** A score as Vigil's log holds it. */
export type LogScore = SampleRecord['scores'][string];

/** Inspect's letter values and the numbers its `value_to_float` gives them. */
const letterValues: Readonly<Record<string, number>> = { C: 1, I: 0, P: 0.5, N: 0 };
const wordValues: Readonly<Record<string, number>> = { yes: 1, true: 1, no: 0, false: 0 };

/**
 * A Vigil score in Inspect's shape. Vigil's `null` ("could not score") becomes NaN, which is
 * Inspect's own "unscored" sentinel: its metrics and reducers skip it and count the sample
 * as unscored, just as Vigil does. It is written as the JSON constant `NaN`, as Inspect does.
 */
export function toInspectScore(score: LogScore): InspectScore {
  return {
    value: score.value ?? Number.NaN,
    ...(score.answer === undefined ? {} : { answer: score.answer }),
    ...(score.explanation === undefined ? {} : { explanation: score.explanation }),
    ...(score.metadata === undefined ? {} : { metadata: score.metadata }),
    history: [],
  };
}

/**
 * An Inspect score value as a Vigil number, the way Inspect's `value_to_float` reads it:
 * numbers as they are; booleans as 1 and 0; `C`, `I`, `P`, `N` as 1, 0, 0.5, 0; `yes`/`true`
 * as 1 and `no`/`false` as 0; numeric strings as their number. NaN (Inspect's unscored
 * sentinel), infinities, other strings, lists and dicts become `null`: could not score.
 */
export function scoreValueFromInspect(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return null;
  const letter = letterValues[value];
  if (letter !== undefined) return letter;
  const word = wordValues[value.toLowerCase()];
  if (word !== undefined) return word;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(number) ? number : null;
}

/**
 * An Inspect score as a Vigil one. A value that was not a number (a letter, a boolean, a
 * list, a dict) is also kept as it was under `metadata.inspect_value`.
 */
export function fromInspectScore(score: InspectScoreInput): LogScore {
  const metadata = {
    ...(score.metadata ?? {}),
    ...(typeof score.value === 'number' || score.value === undefined
      ? {}
      : { inspect_value: score.value }),
  } as NonNullable<LogScore['metadata']>;
  return {
    value: scoreValueFromInspect(score.value),
    ...(score.answer == null ? {} : { answer: score.answer }),
    ...(score.explanation == null ? {} : { explanation: score.explanation }),
    ...(Object.keys(metadata).length === 0 ? {} : { metadata }),
  };
}
