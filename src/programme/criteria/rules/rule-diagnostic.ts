/** Where in a rule's text something is: 1-based line and column. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * A problem found in a rule before it is ever evaluated: a `syntax` error from the tokenizer or
 * parser, or a `type` error from the checker. Always says where, what, and how to fix it.
 */
export interface RuleDiagnostic extends SourcePosition {
  readonly kind: 'syntax' | 'type';
  readonly message: string;
  readonly hint: string;
}

/** `line 2, column 7: message (hint)` — one line for a person. */
export function describeDiagnostic(diagnostic: RuleDiagnostic): string {
  return `line ${diagnostic.line}, column ${diagnostic.column}: ${diagnostic.message} — ${diagnostic.hint}`;
}
