import { fail, ok, type Result } from '../../result.js';
import type { RuleDiagnostic } from './rule-diagnostic.js';
import type { ComparisonOperator, RuleToken } from './rule-token.js';

const keywords = new Set(['and', 'or', 'not', 'true', 'false']);
const namePattern = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;
const numberPattern = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/** Symbols people reach for from other languages, and what to write instead. */
const foreignSymbols: readonly [string, string][] = [
  ['&&', 'write `and` instead of `&&`'],
  ['||', 'write `or` instead of `||`'],
  ['=', 'compare with `==`; a single `=` is not an operator'],
  ['!', 'write `not` before a condition, or `!=` to compare'],
  ['&', 'write `and`'],
  ['|', 'write `or`'],
];

/** Splits a rule into tokens, tracking line and column; `#` starts a comment to end of line. */
export function tokenizeRule(source: string): Result<readonly RuleToken[], RuleDiagnostic> {
  const tokens: RuleToken[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  const here = () => ({ line, column: offset - lineStart + 1 });
  const syntaxError = (message: string, hint: string) =>
    fail<RuleDiagnostic>({ kind: 'syntax', message, hint, ...here() });

  while (offset < source.length) {
    const char = source.charAt(offset);
    if (char === '\n') {
      offset += 1;
      line += 1;
      lineStart = offset;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\r') {
      offset += 1;
      continue;
    }
    if (char === '#') {
      while (offset < source.length && source.charAt(offset) !== '\n') offset += 1;
      continue;
    }
    const two = source.slice(offset, offset + 2);
    if (two === '>=' || two === '<=' || two === '==' || two === '!=') {
      tokens.push({ kind: 'operator', text: two as ComparisonOperator, ...here() });
      offset += 2;
      continue;
    }
    if (char === '>' || char === '<') {
      tokens.push({ kind: 'operator', text: char, ...here() });
      offset += 1;
      continue;
    }
    if (char === '(' || char === ')' || char === ',' || char === '-') {
      tokens.push({ kind: char, text: char, ...here() });
      offset += 1;
      continue;
    }
    if (char === '"') {
      const start = here();
      let value = '';
      let cursor = offset + 1;
      for (;;) {
        const next = source.charAt(cursor);
        if (next === '' || next === '\n') {
          return fail({
            kind: 'syntax',
            message: 'this string is not closed',
            hint: 'end it with `"` on the same line',
            ...start,
          });
        }
        if (next === '"') break;
        if (next === '\\') {
          const escaped = source.charAt(cursor + 1);
          if (escaped !== '"' && escaped !== '\\') {
            offset = cursor;
            return syntaxError(
              `unknown escape \`\\${escaped}\` in a string`,
              'only \\" and \\\\ are escapes',
            );
          }
          value += escaped;
          cursor += 2;
          continue;
        }
        value += next;
        cursor += 1;
      }
      tokens.push({ kind: 'string', text: source.slice(offset, cursor + 1), value, ...start });
      offset = cursor + 1;
      continue;
    }
    if (char === '.' && /[0-9]/.test(source.charAt(offset + 1))) {
      return syntaxError(
        'a number cannot start with `.`',
        `write 0${source.slice(offset, offset + 4)}`,
      );
    }
    numberPattern.lastIndex = offset;
    const number = numberPattern.exec(source);
    if (number !== null) {
      const text = number[0];
      const after = source.charAt(offset + text.length);
      if (/[A-Za-z_.]/.test(after)) {
        return syntaxError(
          `\`${text}${after}\` is not a number`,
          'a number is digits with an optional fraction and exponent, e.g. 0.25 or 3e25; a name starts with a letter',
        );
      }
      tokens.push({ kind: 'number', text, value: Number(text), ...here() });
      offset += text.length;
      continue;
    }
    namePattern.lastIndex = offset;
    const name = namePattern.exec(source);
    if (name !== null) {
      const text = name[0];
      if (source.charAt(offset + text.length) === '.') {
        offset += text.length;
        return syntaxError(
          'a name cannot end with `.`',
          'each part of a dotted name starts with a letter, e.g. cyber.ctf.pass_at_12',
        );
      }
      const position = here();
      tokens.push(
        keywords.has(text)
          ? { kind: text as 'and' | 'or' | 'not' | 'true' | 'false', text, ...position }
          : { kind: 'name', text, ...position },
      );
      offset += text.length;
      continue;
    }
    const foreign = foreignSymbols.find(([symbol]) => source.startsWith(symbol, offset));
    if (foreign !== undefined) {
      return syntaxError(`\`${foreign[0]}\` is not part of the rule language`, foreign[1]);
    }
    return syntaxError(
      `unexpected character \`${char}\``,
      'rules use names, numbers, "strings", true/false, comparisons (>= > <= < == !=), and/or/not and parentheses',
    );
  }
  tokens.push({ kind: 'end', text: '', ...here() });
  return ok(tokens);
}
