import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { asGenerate, offers, outputFor, turnsTaken } from './agent-turn.js';

const name = 'reference/noop';
const idPrefix = 'noop_';
const givingUp = 'I give up.';

/**
 * `reference/noop`: the floor every real model should beat. It does nothing useful: given a
 * `submit` tool it submits "I give up." once, otherwise it replies so.
 */
export function createNoopModel(): ModelApi {
  return {
    name,
    generate: asGenerate((request: ModelRequest): ModelOutput => {
      const submit = offers(request, 'submit') && turnsTaken(request.messages, idPrefix) === 0;
      return outputFor(
        name,
        request,
        submit ? { tool: 'submit', arguments: { answer: givingUp } } : { reply: givingUp },
        idPrefix,
      );
    }),
  };
}
