import { InputError } from '../errors/input-error.js';
import { completionText } from '../task/task-state.js';
import { normalizeText, quote, requireTargets, syncScorer } from './normalize-text.js';
import type { Scorer } from './scorer.js';

export interface PatternOptions {
  /** A JavaScript regular expression; its capture groups (or, without groups, the whole match) are the answer. */
  readonly regex: string;
  readonly ignoreCase?: boolean | undefined;
  /** Require every captured group to equal a target, rather than any one of them. */
  readonly matchAll?: boolean | undefined;
}

/** Compiles a regex from a task file, or throws an InputError that says how to fix it. */
export function compileRegex(regex: string, flags: string, what = 'regex'): RegExp {
  try {
    return new RegExp(regex, flags);
  } catch (error) {
    throw new InputError(
      `invalid ${what} ${quote(regex)}: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'write a JavaScript regular expression: named groups are (?<name>...), not (?P<name>...); in YAML, single-quote it so backslashes stay',
        cause: error,
      },
    );
  }
}

/** `pattern`: extracts the first match's groups from the output and compares them to the targets. */
export function pattern(options: PatternOptions): Scorer {
  const ignoreCase = options.ignoreCase ?? true;
  const regex = compileRegex(options.regex, ignoreCase ? 'i' : '');
  const normalize = (text: string) => normalizeText(text, { ignoreCase });
  return syncScorer('pattern', (state, targets) => {
    const output = completionText(state);
    const found = regex.exec(output);
    if (found === null) {
      return {
        value: 0,
        explanation: `the output does not match the regex ${quote(options.regex)}`,
      };
    }
    // Groups that took no part in the match are undefined at run time, whatever the lib types say.
    const captured = (found.slice(1) as (string | undefined)[]).filter(
      (group): group is string => group !== undefined,
    );
    const groups = captured.length > 0 ? captured : [found[0]];
    const wanted = new Set(requireTargets('pattern', targets).map(normalize));
    const hits = groups.filter((group) => wanted.has(normalize(group)));
    const correct = options.matchAll === true ? hits.length === groups.length : hits.length > 0;
    return {
      value: correct ? 1 : 0,
      answer: options.matchAll === true ? groups.join(', ') : (hits[0] ?? groups[0] ?? ''),
      explanation: `extracted ${groups.map((group) => quote(group)).join(', ')}; ${correct ? 'matches' : 'does not match'} the target`,
    };
  });
}
