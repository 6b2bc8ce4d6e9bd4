import { fillTemplate } from './fill-template.js';
import { syncSolver, type Solver } from './solver.js';

/** Appends a user message to the conversation. */
export function userMessage(template: string): Solver {
  return syncSolver((state) => ({
    ...state,
    messages: [
      ...state.messages,
      { role: 'user' as const, content: fillTemplate(template, state) },
    ],
  }));
}
