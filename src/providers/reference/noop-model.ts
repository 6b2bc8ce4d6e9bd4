import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { offers, outputFor, turnsTaken } from './agent-turn.js';

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
    generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelOutput> {
      options?.signal?.throwIfAborted();
      const submit = offers(request, 'submit') && turnsTaken(request.messages, idPrefix) === 0;
      return Promise.resolve(
        outputFor(
          name,
          request,
          submit ? { tool: 'submit', arguments: { answer: givingUp } } : { reply: givingUp },
          idPrefix,
        ),
      );
    },
  };
}
