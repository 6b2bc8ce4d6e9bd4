import { passAtK } from './pass-at-k.js';

/** The name of an epoch reducer. */
export type ReducerName =
  'mean' | 'max' | 'min' | 'median' | 'mode' | `pass_at_${number}` | `at_least_${number}`;

/** Turns one sample's score values across epochs into a single value. */
export interface Reducer {
  readonly name: string;
  reduce(values: readonly number[]): number;
}

type FixedReducerName = Exclude<ReducerName, `pass_at_${number}` | `at_least_${number}`>;
type Reduce = (values: readonly number[]) => number;

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

// A loop rather than Math.max(...values): spreading a long array can overflow the call stack.
function max(values: readonly number[]): number {
  let best = -Infinity;
  for (const value of values) if (value > best) best = value;
  return best;
}

function min(values: readonly number[]): number {
  let best = Infinity;
  for (const value of values) if (value < best) best = value;
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

function mode(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best = Number.NaN;
  let bestCount = 0;
  for (const [value, count] of counts) {
    // Ties go to the smallest value so the result does not depend on the order of epochs.
    if (count > bestCount || (count === bestCount && value < best)) {
      best = value;
      bestCount = count;
    }
  }
  return best;
}

const fixedReducers: Readonly<Record<FixedReducerName, Reduce>> = { mean, max, min, median, mode };

function isFixedReducerName(name: string): name is FixedReducerName {
  return Object.hasOwn(fixedReducers, name);
}

/** The reducer names `parseReducer` accepts, for messages and help text. */
export const reducerNames: readonly string[] = [
  ...Object.keys(fixedReducers),
  'pass_at_<k>',
  'at_least_<k>',
];

function countCorrect(values: readonly number[]): number {
  let correct = 0;
  for (const value of values) if (value === 1) correct++;
  return correct;
}

function passAtKReducer(k: number): Reducer {
  const name = `pass_at_${k}`;
  return {
    name,
    reduce(values) {
      if (k > values.length) {
        throw new Error(
          `Reducer ${name} needs at least ${k} scored epochs per sample, but a sample has ${values.length}: run at least ${k} epochs.`,
        );
      }
      return passAtK(values.length, countCorrect(values), k);
    },
  };
}

function atLeastKReducer(k: number): Reducer {
  return {
    name: `at_least_${k}`,
    reduce(values) {
      requireValues(`at_least_${k}`, values);
      return countCorrect(values) >= k ? 1 : 0;
    },
  };
}

function requireValues(name: string, values: readonly number[]): void {
  if (values.length === 0)
    throw new Error(`Reducer ${name} cannot reduce an empty list of values.`);
}

function parseK(name: string, text: string): number {
  const k = Number(text);
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new Error(`Invalid reducer "${name}": k must be a positive integer.`);
  }
  return k;
}

/** Looks up an epoch reducer by name, e.g. `mean`, `mode`, `pass_at_5` or `at_least_2`. */
export function parseReducer(name: string): Reducer {
  if (isFixedReducerName(name)) {
    const reduce = fixedReducers[name];
    return {
      name,
      reduce(values) {
        requireValues(name, values);
        return reduce(values);
      },
    };
  }
  const match = /^(pass_at|at_least)_(\d+)$/.exec(name);
  const [, kind, kText] = match ?? [];
  if (kind !== undefined && kText !== undefined) {
    const k = parseK(name, kText);
    return kind === 'pass_at' ? passAtKReducer(k) : atLeastKReducer(k);
  }
  throw new Error(`Unknown reducer "${name}". Valid reducers: ${reducerNames.join(', ')}.`);
}
