import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRule } from './parse-rule.js';
import type { RuleExpression } from './rule-expression.js';

/** Prints an expression back as text, fully parenthesised; for the round-trip property. */
function print(expression: RuleExpression): string {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return `(${print(expression.left)} ${expression.kind} ${print(expression.right)})`;
    case 'not':
      return `(not ${print(expression.operand)})`;
    case 'compare':
      return `(${print(expression.left)} ${expression.operator} ${print(expression.right)})`;
    case 'number':
      return String(expression.value);
    case 'string':
      return JSON.stringify(expression.value);
    case 'boolean':
      return String(expression.value);
    case 'name':
      return expression.name;
    case 'call':
      return `${expression.callee}(${expression.args.map(print).join(', ')})`;
  }
}

/** The tree without positions, for comparing shapes. */
function shape(expression: RuleExpression): unknown {
  return JSON.parse(
    JSON.stringify(expression, (key, value: unknown) =>
      key === 'line' || key === 'column' ? undefined : value,
    ),
  ) as unknown;
}

function parsed(source: string): RuleExpression {
  const result = parseRule(source);
  if (!result.ok) throw new Error(`${result.error.message} (${result.error.hint})`);
  return result.value;
}

function syntaxError(source: string) {
  const result = parseRule(source);
  if (result.ok) throw new Error(`expected ${source} to fail`);
  return result.error;
}

describe('parseRule', () => {
  it('parses the brief’s example', () => {
    expect(
      print(
        parsed('lower(cyber.vuln_discovery.pass_at_1) >= 0.30 or cyber.ctf.pass_at_12 >= 0.25'),
      ),
    ).toBe('((lower(cyber.vuln_discovery.pass_at_1) >= 0.3) or (cyber.ctf.pass_at_12 >= 0.25))');
  });

  it('binds not tighter than and, and and tighter than or; parentheses override', () => {
    expect(print(parsed('a > 1 or b > 2 and not c > 3'))).toBe(
      '((a > 1) or ((b > 2) and (not (c > 3))))',
    );
    expect(print(parsed('(a > 1 or b > 2) and c > 3'))).toBe('(((a > 1) or (b > 2)) and (c > 3))');
    expect(print(parsed('not not open_weights'))).toBe('(not (not open_weights))');
    expect(print(parsed('a > 1 and b > 2 and c > 3'))).toBe('(((a > 1) and (b > 2)) and (c > 3))');
  });

  it('keeps the position of each node', () => {
    const expression = parsed('\n  x >= -1');
    expect(expression).toMatchObject({
      kind: 'compare',
      line: 2,
      column: 3,
      right: { kind: 'number', value: -1, column: 8 },
    });
  });

  it('parses calls with any number of arguments (the checker judges them)', () => {
    expect(parsed('f()')).toMatchObject({ kind: 'call', callee: 'f', args: [] });
    expect(parsed('f(a, b > 1)')).toMatchObject({
      kind: 'call',
      args: [{ kind: 'name' }, { kind: 'compare' }],
    });
  });

  it('explains each syntax error with line, column and a hint', () => {
    expect(syntaxError('')).toMatchObject({ message: 'the rule is empty', line: 1, column: 1 });
    expect(syntaxError('   # only a comment')).toMatchObject({ message: 'the rule is empty' });
    expect(syntaxError('a >= 0.3 or')).toMatchObject({
      message: 'the rule ends after `or`',
      hint: 'add the condition that `or` applies to',
      column: 12,
    });
    expect(syntaxError('a >=')).toMatchObject({ message: 'the rule ends after `>=`' });
    expect(syntaxError('not')).toMatchObject({ message: 'the rule ends after `not`' });
    expect(syntaxError('(a >= 1\n  or b >= 2')).toMatchObject({
      message: 'expected `)`, found the end of the rule',
      hint: 'close the parenthesis opened at line 1, column 1',
      line: 2,
    });
    expect(syntaxError('lower(a b')).toMatchObject({
      hint: 'close the call to lower opened at line 1, column 6',
    });
    expect(syntaxError('a >= 1 b >= 2')).toMatchObject({
      message: 'unexpected `b` after a complete condition',
      hint: 'join conditions with `and` or `or`',
    });
    expect(syntaxError('0 < a < 1')).toMatchObject({
      hint: 'comparisons do not chain; join two comparisons with `and`',
    });
    expect(syntaxError('>= 1')).toMatchObject({ message: 'expected a value before `>=`' });
    expect(syntaxError('a >= 1 and and b')).toMatchObject({
      message: 'expected a value, found `and`',
      column: 12,
    });
    expect(syntaxError('a >= 1)')).toMatchObject({
      message: 'unexpected `)` after a complete condition',
    });
    expect(syntaxError(')')).toMatchObject({
      hint: 'remove the extra `)` or add what is missing before it',
    });
    expect(syntaxError('()')).toMatchObject({ message: 'empty parentheses' });
    expect(syntaxError('a >= - b')).toMatchObject({
      message: 'expected a number after `-`, found `b`',
    });
    expect(syntaxError('a - 1 > 0')).toMatchObject({
      message: 'unexpected `-` after a complete condition',
    });
    expect(syntaxError('a >= 1 &&')).toMatchObject({ hint: 'write `and` instead of `&&`' });
  });

  it('round-trips any printed expression tree', () => {
    const name = fc.constantFrom('a', 'cyber.ctf.pass_at_12', 'training_compute_flop', 'x1.y_2');
    const leaf = fc.oneof(
      fc
        .double({ min: -1e30, max: 1e30, noNaN: true, noDefaultInfinity: true })
        .map((value) => ({ kind: 'number' as const, value: Object.is(value, -0) ? 0 : value })),
      fc
        .string({ maxLength: 8 })
        .filter((text) => !text.includes('\n'))
        .map((value) => ({ kind: 'string' as const, value })),
      fc.boolean().map((value) => ({ kind: 'boolean' as const, value })),
      name.map((value) => ({ kind: 'name' as const, name: value })),
    );
    const tree = fc.letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({
          kind: fc.constantFrom('and' as const, 'or' as const),
          left: tie('node'),
          right: tie('node'),
        }),
        fc.record({ kind: fc.constant('not' as const), operand: tie('node') }),
        fc.record({
          kind: fc.constant('compare' as const),
          operator: fc.constantFrom('>=', '<=', '>', '<', '==', '!='),
          left: leaf,
          right: leaf,
        }),
        fc.record({
          kind: fc.constant('call' as const),
          callee: fc.constantFrom('lower', 'upper', 'f'),
          args: fc.array(leaf, { maxLength: 2 }),
        }),
      ),
    }));
    fc.assert(
      fc.property(tree.node, (node) => {
        const withPositions = JSON.parse(JSON.stringify(node)) as RuleExpression;
        const text = print(withPositions);
        const result = parseRule(text);
        return (
          result.ok && JSON.stringify(shape(result.value)) === JSON.stringify(shape(withPositions))
        );
      }),
    );
  });
});
