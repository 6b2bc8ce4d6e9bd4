import { fail, ok, type Result } from '../../result.js';
import type { FactType } from '../criteria-version.js';
import { closestName } from './closest-name.js';
import type { RuleDiagnostic, SourcePosition } from './rule-diagnostic.js';
import type { RuleExpression } from './rule-expression.js';
import { isRuleFunction, ruleFunctions } from './rule-functions.js';

/** What a rule may name: the battery's metrics and the declared facts with their types. */
export interface RuleDeclarations {
  readonly metrics: readonly string[];
  readonly facts: Readonly<Record<string, FactType>>;
}

/** A rule that passed the checker, with the metrics and facts it names (sorted). */
export interface CheckedRule {
  readonly expression: RuleExpression;
  readonly metrics: readonly string[];
  readonly facts: readonly string[];
}

/** `metric` is a bare metric name (read as its value); `invalid` stops one error cascading. */
type RuleType = FactType | 'metric' | 'invalid';

const typeNames: Record<RuleType, string> = {
  number: 'a number',
  boolean: 'a condition (true/false)',
  string: 'a string',
  metric: 'a metric',
  invalid: 'an invalid expression',
};

/**
 * Checks types before a rule can ever be activated: every name declared, functions known and
 * given a metric, comparisons between like values, `and`/`or`/`not` over conditions, and the
 * whole rule a condition. Returns every problem found, not just the first.
 */
export function checkRule(
  expression: RuleExpression,
  declarations: RuleDeclarations,
): Result<CheckedRule, readonly RuleDiagnostic[]> {
  const diagnostics: RuleDiagnostic[] = [];
  const metrics = new Set<string>();
  const facts = new Set<string>();
  const report = (at: SourcePosition, message: string, hint: string): 'invalid' => {
    diagnostics.push({ kind: 'type', message, hint, line: at.line, column: at.column });
    return 'invalid';
  };

  const typeOfName = (name: string, at: SourcePosition): RuleType => {
    if (declarations.metrics.includes(name)) {
      metrics.add(name);
      return 'metric';
    }
    const factType = Object.hasOwn(declarations.facts, name) ? declarations.facts[name] : undefined;
    if (factType !== undefined) {
      facts.add(name);
      return factType;
    }
    const suggestion = closestName(name, [
      ...declarations.metrics,
      ...Object.keys(declarations.facts),
    ]);
    return report(
      at,
      `unknown name \`${name}\``,
      suggestion === undefined
        ? 'declare it under the version’s metrics or facts'
        : `did you mean \`${suggestion}\`? Otherwise declare it under metrics or facts`,
    );
  };

  const asNumber = (type: RuleType): RuleType => (type === 'metric' ? 'number' : type);

  const visit = (node: RuleExpression): RuleType => {
    switch (node.kind) {
      case 'number':
        return Number.isFinite(node.value)
          ? 'number'
          : report(node, 'this number is too large', 'write a finite number, e.g. 3e25');
      case 'string':
        return 'string';
      case 'boolean':
        return 'boolean';
      case 'name':
        return typeOfName(node.name, node);
      case 'call': {
        if (!isRuleFunction(node.callee)) {
          node.args.forEach(visit);
          return report(
            node,
            `unknown function \`${node.callee}\``,
            `the functions are ${Object.keys(ruleFunctions).join(', ')}`,
          );
        }
        const [argument, ...extra] = node.args;
        const example = `${node.callee}(cyber.ctf.pass_at_12)`;
        if (argument === undefined || extra.length > 0) {
          return report(node, `${node.callee} takes exactly one metric`, `write e.g. ${example}`);
        }
        if (argument.kind !== 'name') {
          visit(argument);
          return report(argument, `${node.callee} takes a metric name`, `write e.g. ${example}`);
        }
        const argumentType = visit(argument);
        if (argumentType === 'invalid') return 'invalid';
        if (argumentType !== 'metric') {
          return report(
            argument,
            `\`${argument.name}\` is a declared fact (${argumentType}), not a metric; ${node.callee} reads a metric's ${ruleFunctions[node.callee].meaning}`,
            'compare the fact directly, without a function',
          );
        }
        return 'number';
      }
      case 'not': {
        const operand = visit(node.operand);
        return operand === 'boolean' || operand === 'invalid'
          ? operand
          : report(
              node,
              `\`not\` applies to a condition, not to ${typeNames[operand]}`,
              'write not (a comparison)',
            );
      }
      case 'and':
      case 'or': {
        const sides = [node.left, node.right].map((side) => ({ side, type: visit(side) }));
        let result: RuleType = 'boolean';
        for (const { side, type } of sides) {
          if (type === 'invalid') result = 'invalid';
          else if (type !== 'boolean') {
            result = report(
              side,
              `\`${node.kind}\` joins conditions, but this is ${typeNames[type]}`,
              'compare it with something, e.g. cyber.ctf.pass_at_12 >= 0.25',
            );
          }
        }
        return result;
      }
      case 'compare': {
        const left = asNumber(visit(node.left));
        const right = asNumber(visit(node.right));
        if (left === 'invalid' || right === 'invalid') return 'invalid';
        const ordering = node.operator !== '==' && node.operator !== '!=';
        if (ordering && (left !== 'number' || right !== 'number')) {
          return report(
            node,
            `\`${node.operator}\` compares numbers, not ${typeNames[left === 'number' ? right : left]}`,
            'use == or != for strings and conditions',
          );
        }
        if (left !== right) {
          return report(
            node,
            `cannot compare ${typeNames[left]} with ${typeNames[right]}`,
            'compare values of the same type',
          );
        }
        return 'boolean';
      }
    }
  };

  const type = visit(expression);
  if (type !== 'boolean' && type !== 'invalid') {
    report(
      expression,
      `a rule must be a condition (true/false), but this is ${typeNames[type]}`,
      'compare it with a threshold, e.g. lower(cyber.vuln_discovery.pass_at_1) >= 0.30',
    );
  }
  if (diagnostics.length > 0) return fail(diagnostics);
  return ok({ expression, metrics: [...metrics].sort(), facts: [...facts].sort() });
}
