import type { SourcePosition } from './rule-diagnostic.js';
import type { ComparisonOperator } from './rule-token.js';

/** A parsed rule: a tree of expressions, each remembering where it was written. */
export type RuleExpression = SourcePosition &
  (
    | { readonly kind: 'and' | 'or'; readonly left: RuleExpression; readonly right: RuleExpression }
    | { readonly kind: 'not'; readonly operand: RuleExpression }
    | {
        readonly kind: 'compare';
        readonly operator: ComparisonOperator;
        readonly left: RuleExpression;
        readonly right: RuleExpression;
      }
    | { readonly kind: 'number'; readonly value: number }
    | { readonly kind: 'string'; readonly value: string }
    | { readonly kind: 'boolean'; readonly value: boolean }
    | { readonly kind: 'name'; readonly name: string }
    | { readonly kind: 'call'; readonly callee: string; readonly args: readonly RuleExpression[] }
  );
