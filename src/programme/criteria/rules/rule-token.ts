import type { SourcePosition } from './rule-diagnostic.js';

/** Comparison operators of the rule language. */
export const comparisonOperators = ['>=', '<=', '>', '<', '==', '!='] as const;
export type ComparisonOperator = (typeof comparisonOperators)[number];

/** One token of a rule, with where it starts. */
export type RuleToken = SourcePosition &
  (
    | { readonly kind: 'number'; readonly text: string; readonly value: number }
    | { readonly kind: 'string'; readonly text: string; readonly value: string }
    | { readonly kind: 'name'; readonly text: string }
    | { readonly kind: 'operator'; readonly text: ComparisonOperator }
    | {
        readonly kind: 'and' | 'or' | 'not' | 'true' | 'false' | '(' | ')' | ',' | '-' | 'end';
        readonly text: string;
      }
  );

/** How a token is named in an error message. */
export function describeToken(token: RuleToken): string {
  return token.kind === 'end' ? 'the end of the rule' : `\`${token.text}\``;
}
