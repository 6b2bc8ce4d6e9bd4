import { fillTemplate } from './fill-template.js';
import { syncSolver, type Solver } from './solver.js';

/** Puts a system message after any existing ones, before the conversation. */
export function systemMessage(template: string): Solver {
  return syncSolver((state) => {
    const content = fillTemplate(template, state);
    const firstOther = state.messages.findIndex((message) => message.role !== 'system');
    const at = firstOther === -1 ? state.messages.length : firstOther;
    const messages = [
      ...state.messages.slice(0, at),
      { role: 'system' as const, content },
      ...state.messages.slice(at),
    ];
    return { ...state, messages };
  });
}
