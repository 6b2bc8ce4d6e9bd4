import type { BatteryMetrics, DeclaredFacts, FactValue } from '../battery-metrics.js';
import type { RuleVerdict } from '../criteria-evaluation.js';
import type { CheckedRule } from './check-rule.js';
import type { RuleExpression } from './rule-expression.js';
import { isRuleFunction, ruleFunctions } from './rule-functions.js';

/** A value during evaluation; `unknown` when it depends on a missing input. */
type Value = FactValue | typeof unknownValue;
const unknownValue = Symbol('unknown');
type MetricReader = (typeof ruleFunctions)[keyof typeof ruleFunctions]['read'];

/** A rule's verdict and the inputs it named that were not supplied. */
export interface RuleOutcome {
  readonly verdict: RuleVerdict;
  readonly missingInputs: readonly string[];
}

/**
 * Evaluates a checked rule in three-valued logic: a missing metric or fact is unknown, and
 * `unknown` propagates unless the other side settles the answer (`false and ?` is false,
 * `true or ?` is true). A rule left unknown is `insufficient_evidence` — never a silent pass or
 * fail — and every missing input is reported whether or not it mattered.
 */
export function evaluateRule(
  rule: CheckedRule,
  metrics: BatteryMetrics,
  facts: DeclaredFacts,
): RuleOutcome {
  const missing = new Set<string>();

  const readMetric = (name: string, read: MetricReader): Value => {
    const metric = Object.hasOwn(metrics, name) ? metrics[name] : undefined;
    if (metric !== undefined) return read(metric);
    missing.add(name);
    return unknownValue;
  };

  const readName = (name: string): Value => {
    if (rule.metrics.includes(name)) return readMetric(name, ruleFunctions.value.read);
    const fact = Object.hasOwn(facts, name) ? facts[name] : undefined;
    if (fact !== undefined) return fact;
    missing.add(name);
    return unknownValue;
  };

  const visit = (node: RuleExpression): Value => {
    switch (node.kind) {
      case 'number':
      case 'string':
      case 'boolean':
        return node.value;
      case 'name':
        return readName(node.name);
      case 'call': {
        const [argument] = node.args;
        // The checker guarantees a known function over one metric name.
        if (!isRuleFunction(node.callee) || argument?.kind !== 'name') return unknownValue;
        return readMetric(argument.name, ruleFunctions[node.callee].read);
      }
      case 'not': {
        const operand = visit(node.operand);
        return operand === unknownValue ? unknownValue : !operand;
      }
      case 'and': {
        const left = visit(node.left);
        const right = visit(node.right);
        if (left === false || right === false) return false;
        return left === unknownValue || right === unknownValue ? unknownValue : true;
      }
      case 'or': {
        const left = visit(node.left);
        const right = visit(node.right);
        if (left === true || right === true) return true;
        return left === unknownValue || right === unknownValue ? unknownValue : false;
      }
      case 'compare': {
        const left = visit(node.left);
        const right = visit(node.right);
        if (left === unknownValue || right === unknownValue) return unknownValue;
        switch (node.operator) {
          case '==':
            return left === right;
          case '!=':
            return left !== right;
          case '>=':
            return left >= right;
          case '<=':
            return left <= right;
          case '>':
            return left > right;
          case '<':
            return left < right;
        }
      }
    }
  };

  const result = visit(rule.expression);
  return {
    verdict: result === true ? 'fired' : result === false ? 'not_fired' : 'insufficient_evidence',
    missingInputs: [...missing].sort(),
  };
}
