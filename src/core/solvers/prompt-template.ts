import { fillTemplate } from './fill-template.js';
import { syncSolver, type Solver } from './solver.js';

/** Rewrites the last user message through a template with `{prompt}` and metadata fields. */
export function promptTemplate(template: string): Solver {
  return syncSolver((state) => {
    const index = state.messages.findLastIndex((message) => message.role === 'user');
    const content = fillTemplate(template, state);
    const messages =
      index === -1
        ? [...state.messages, { role: 'user' as const, content }]
        : state.messages.map((message, at) =>
            at === index ? { role: 'user' as const, content } : message,
          );
    return { ...state, messages };
  });
}
