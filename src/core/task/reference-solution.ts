/** One tool call of a reference solution, run through the agent's own tools. */
export interface ReferenceStep {
  readonly tool: 'bash' | 'python';
  readonly code: string;
}

/**
 * How a sample is solved, kept so that reference agents can prove every item solvable through
 * the same path a model takes. Real models never see it: only the `reference/*` providers
 * read it, from the call options.
 * - `answer`: reply with this text (no tools), e.g. the triggering input of a generated program.
 * - `agent`: run the steps with the agent's tools, then submit the first match of
 *   `submitPattern` in the last step's output (or `answer`, when given, verbatim).
 */
export type ReferenceSolution =
  | { readonly kind: 'answer'; readonly answer: string }
  | {
      readonly kind: 'agent';
      readonly steps: readonly ReferenceStep[];
      readonly submitPattern?: string;
      readonly answer?: string;
    };
