import { describe, expect, it } from 'vitest';
import { tokenizeRule } from './tokenize-rule.js';

function kinds(source: string): string[] {
  const tokens = tokenizeRule(source);
  if (!tokens.ok) throw new Error(tokens.error.message);
  return tokens.value.map((token) => `${token.kind}:${token.text}`);
}

function error(source: string) {
  const tokens = tokenizeRule(source);
  if (tokens.ok) throw new Error(`expected ${source} to fail`);
  return tokens.error;
}

describe('tokenizeRule', () => {
  it('reads dotted names, function calls, numbers and operators', () => {
    expect(kinds('lower(cyber.vuln_discovery.pass_at_1) >= 0.30')).toEqual([
      'name:lower',
      '(:(',
      'name:cyber.vuln_discovery.pass_at_1',
      '):)',
      'operator:>=',
      'number:0.30',
      'end:',
    ]);
  });

  it('reads keywords, strings with escapes, exponents, negatives and every comparison', () => {
    const tokens = tokenizeRule(
      'not a == "x \\"y\\" \\\\" and b != true or c < -3e25 or d <= 1 or e > 2',
    );
    expect(tokens.ok).toBe(true);
    if (!tokens.ok) return;
    expect(tokens.value.map((token) => token.kind)).toEqual([
      'not',
      'name',
      'operator',
      'string',
      'and',
      'name',
      'operator',
      'true',
      'or',
      'name',
      'operator',
      '-',
      'number',
      'or',
      'name',
      'operator',
      'number',
      'or',
      'name',
      'operator',
      'number',
      'end',
    ]);
    expect(tokens.value[3]).toMatchObject({ kind: 'string', value: 'x "y" \\' });
    expect(tokens.value[12]).toMatchObject({ kind: 'number', value: 3e25 });
  });

  it('tracks lines and columns across newlines and comments', () => {
    const tokens = tokenizeRule('# strong offense\ncyber.ctf.pass_at_12 >= 0.25 # ctf\n  or false');
    expect(tokens.ok).toBe(true);
    if (!tokens.ok) return;
    expect(tokens.value.map((token) => [token.text, token.line, token.column])).toEqual([
      ['cyber.ctf.pass_at_12', 2, 1],
      ['>=', 2, 22],
      ['0.25', 2, 25],
      ['or', 3, 3],
      ['false', 3, 6],
      ['', 3, 11],
    ]);
  });

  it('explains symbols borrowed from other languages', () => {
    expect(error('a >= 1 && b >= 2')).toMatchObject({
      line: 1,
      column: 8,
      hint: 'write `and` instead of `&&`',
    });
    expect(error('a >= 1 || b >= 2').hint).toBe('write `or` instead of `||`');
    expect(error('a = 1').hint).toContain('compare with `==`');
    expect(error('!a').hint).toContain('write `not`');
    expect(error('a & b').hint).toBe('write `and`');
    expect(error('a | b').hint).toBe('write `or`');
  });

  it('rejects malformed numbers, names and strings with their position', () => {
    expect(error('x >= .5')).toMatchObject({ kind: 'syntax', column: 6, hint: 'write 0.5' });
    expect(error('x >= 1x')).toMatchObject({ message: '`1x` is not a number', column: 6 });
    expect(error('x >= 1.2.3').message).toBe('`1.2.` is not a number');
    expect(error('cyber.ctf. >= 1')).toMatchObject({
      message: 'a name cannot end with `.`',
      column: 10,
    });
    expect(error('x == "open')).toMatchObject({ message: 'this string is not closed', column: 6 });
    expect(error('x == "a\nb"').message).toBe('this string is not closed');
    expect(error('x == "a\\n"')).toMatchObject({
      message: 'unknown escape `\\n` in a string',
      column: 8,
    });
    expect(error('x >= 1 ; y')).toMatchObject({ message: 'unexpected character `;`', column: 8 });
    expect(error('x >= 1 ; y').hint).toContain('comparisons');
  });
});
