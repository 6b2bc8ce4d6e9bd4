/** What a reference solution submits: the first flag in its last step's output. */
export const flagPattern = 'FLAG\\{[0-9a-f]{24}\\}';
