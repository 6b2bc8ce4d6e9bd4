import { fail, ok, type Result } from '../../result.js';
import type { RuleDiagnostic } from './rule-diagnostic.js';
import type { RuleExpression } from './rule-expression.js';
import { describeToken, type RuleToken } from './rule-token.js';
import { tokenizeRule } from './tokenize-rule.js';

/**
 * The grammar (see docs/programme.md):
 *
 *   rule       := or_expr END
 *   or_expr    := and_expr ("or" and_expr)*
 *   and_expr   := not_expr ("and" not_expr)*
 *   not_expr   := "not" not_expr | comparison
 *   comparison := primary (COMPARE primary)?
 *   primary    := NUMBER | "-" NUMBER | STRING | "true" | "false"
 *               | NAME | NAME "(" (or_expr ("," or_expr)*)? ")" | "(" or_expr ")"
 */
/** Unwinds the parser to `parseRule`, which turns it into a diagnostic; never escapes. */
class RuleSyntaxError extends Error {
  readonly diagnostic: RuleDiagnostic;

  constructor(token: RuleToken, message: string, hint: string) {
    super(message);
    this.diagnostic = { kind: 'syntax', message, hint, line: token.line, column: token.column };
  }
}

/** Parses a rule's text into an expression, or says where and why it cannot. */
export function parseRule(source: string): Result<RuleExpression, RuleDiagnostic> {
  const tokenized = tokenizeRule(source);
  if (!tokenized.ok) return tokenized;
  const parser = new Parser(tokenized.value);
  try {
    return ok(parser.parseRule());
  } catch (error) {
    if (error instanceof RuleSyntaxError) return fail(error.diagnostic);
    throw error;
  }
}

class Parser {
  private index = 0;
  private readonly tokens: readonly RuleToken[];
  private readonly end: RuleToken;

  constructor(tokens: readonly RuleToken[]) {
    this.tokens = tokens;
    this.end = tokens.at(-1) ?? { kind: 'end', text: '', line: 1, column: 1 };
  }

  parseRule(): RuleExpression {
    if (this.peek().kind === 'end') {
      throw new RuleSyntaxError(
        this.peek(),
        'the rule is empty',
        'write a condition, e.g. cyber.ctf.pass_at_12 >= 0.25',
      );
    }
    const expression = this.parseOr();
    const next = this.peek();
    if (next.kind !== 'end') {
      throw new RuleSyntaxError(
        next,
        `unexpected ${describeToken(next)} after a complete condition`,
        next.kind === 'operator'
          ? 'comparisons do not chain; join two comparisons with `and`'
          : 'join conditions with `and` or `or`',
      );
    }
    return expression;
  }

  private peek(): RuleToken {
    // The tokenizer always ends the list with an `end` token, and `advance` never passes it.
    return this.tokens[this.index] ?? this.end;
  }

  private advance(): RuleToken {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private parseOr(): RuleExpression {
    let left = this.parseAnd();
    while (this.peek().kind === 'or') {
      const operator = this.advance();
      const right = this.parseOperand(() => this.parseAnd(), operator);
      left = { kind: 'or', left, right, line: left.line, column: left.column };
    }
    return left;
  }

  private parseAnd(): RuleExpression {
    let left = this.parseNot();
    while (this.peek().kind === 'and') {
      const operator = this.advance();
      const right = this.parseOperand(() => this.parseNot(), operator);
      left = { kind: 'and', left, right, line: left.line, column: left.column };
    }
    return left;
  }

  private parseNot(): RuleExpression {
    if (this.peek().kind === 'not') {
      const operator = this.advance();
      const operand = this.parseOperand(() => this.parseNot(), operator);
      return { kind: 'not', operand, line: operator.line, column: operator.column };
    }
    return this.parseComparison();
  }

  /** Parses what must follow `operator`, with a clear message when the rule stops short. */
  private parseOperand(parse: () => RuleExpression, operator: RuleToken): RuleExpression {
    if (this.peek().kind === 'end') {
      throw new RuleSyntaxError(
        this.peek(),
        `the rule ends after \`${operator.text}\``,
        `add the condition that \`${operator.text}\` applies to`,
      );
    }
    return parse();
  }

  private parseComparison(): RuleExpression {
    const left = this.parsePrimary();
    const next = this.peek();
    if (next.kind !== 'operator') return left;
    this.advance();
    const right = this.parseOperand(() => this.parsePrimary(), next);
    return {
      kind: 'compare',
      operator: next.text,
      left,
      right,
      line: left.line,
      column: left.column,
    };
  }

  private parsePrimary(): RuleExpression {
    const token = this.advance();
    const at = { line: token.line, column: token.column };
    switch (token.kind) {
      case 'number':
        return { kind: 'number', value: token.value, ...at };
      case '-': {
        const number = this.advance();
        if (number.kind !== 'number') {
          throw new RuleSyntaxError(
            number,
            `expected a number after \`-\`, found ${describeToken(number)}`,
            'the rule language has no arithmetic; `-` only writes negative numbers, e.g. -0.5',
          );
        }
        return { kind: 'number', value: -number.value, ...at };
      }
      case 'string':
        return { kind: 'string', value: token.value, ...at };
      case 'true':
      case 'false':
        return { kind: 'boolean', value: token.kind === 'true', ...at };
      case 'name':
        return this.peek().kind === '('
          ? this.parseCall(token)
          : { kind: 'name', name: token.text, ...at };
      case '(': {
        if (this.peek().kind === ')') {
          throw new RuleSyntaxError(
            this.peek(),
            'empty parentheses',
            'put a condition inside, or remove them',
          );
        }
        const inner = this.parseOr();
        this.expectClosing(token, 'the parenthesis');
        return inner;
      }
      case 'end':
        throw new RuleSyntaxError(
          token,
          'the rule ends where a value was expected',
          'finish the condition',
        );
      case 'operator':
        throw new RuleSyntaxError(
          token,
          `expected a value before \`${token.text}\``,
          'a comparison has a value on each side, e.g. lower(cyber.vuln_discovery.pass_at_1) >= 0.30',
        );
      case 'and':
      case 'or':
      case 'not':
      case ')':
      case ',':
        throw new RuleSyntaxError(
          token,
          `expected a value, found ${describeToken(token)}`,
          token.kind === ')'
            ? 'remove the extra `)` or add what is missing before it'
            : 'write a name, a number, a string, true/false or a parenthesised condition here',
        );
    }
  }

  private parseCall(callee: RuleToken): RuleExpression {
    const open = this.advance();
    const args: RuleExpression[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.parseOr());
      while (this.peek().kind === ',') {
        this.advance();
        args.push(this.parseOr());
      }
    }
    this.expectClosing(open, `the call to ${callee.text}`);
    return { kind: 'call', callee: callee.text, args, line: callee.line, column: callee.column };
  }

  private expectClosing(open: RuleToken, what: string): void {
    const token = this.advance();
    if (token.kind !== ')') {
      throw new RuleSyntaxError(
        token,
        `expected \`)\`, found ${describeToken(token)}`,
        `close ${what} opened at line ${open.line}, column ${open.column}`,
      );
    }
  }
}
