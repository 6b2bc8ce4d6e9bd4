/** What a reference solution submits: the first flag in its last step's output. */
export const flagPattern = 'FLAG\\{[0-9a-f]{24}\\}';

/** `text` as a regular expression that matches it literally (for transcript subtasks). */
export function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
