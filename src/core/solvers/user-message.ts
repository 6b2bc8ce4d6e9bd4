import { fillTemplate } from './fill-template.js';
import type { Solver } from './solver.js';

/** Appends a user message to the conversation. */
export function userMessage(template: string): Solver {
  return (state) =>
    Promise.resolve({
      ...state,
      messages: [
        ...state.messages,
        { role: 'user' as const, content: fillTemplate(template, state) },
      ],
    });
}
