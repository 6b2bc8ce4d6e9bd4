import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import {
  asGenerate,
  offers,
  outputFor,
  requireTool,
  toolOutputs,
  turnsTaken,
  type ScriptedTurn,
} from './agent-turn.js';

const name = 'reference/solution';
const idPrefix = 'ref_';

/**
 * `reference/solution`: replays the sample's reference solution through the task's own
 * agent, so a run proves every item solvable end to end (sandbox, tools, scorer).
 * - kind `answer`: submits the answer when a `submit` tool is offered, else replies with it.
 * - kind `agent`: one tool call per step (`bash` → `cmd`, `python` → `code`), then `submit`
 *   with the first match of `submitPattern` in the last step's output, or the given `answer`.
 * A sample without a reference fails with an error naming it.
 */
export function createSolutionModel(): ModelApi {
  return {
    name,
    generate: asGenerate((request: ModelRequest, options?: ModelCallOptions): ModelOutput => {
      const sample = options?.sample;
      const reference = sample?.reference;
      if (reference === undefined) {
        const which = sample === undefined ? 'this call names no sample' : `sample ${sample.id}`;
        throw new ModelApiError(`${name}: ${which} has no reference solution`, {
          provider: name,
          reason: 'bad_request',
          isRetryable: false,
          hint: 'reference/solution runs only tasks whose samples carry a reference (e.g. cyber.ctf, cyber.vuln_discovery)',
        });
      }
      if (reference.kind === 'answer') {
        const turn: ScriptedTurn = offers(request, 'submit')
          ? { tool: 'submit', arguments: { answer: reference.answer } }
          : { reply: reference.answer };
        if (turnsTaken(request.messages, idPrefix) > 0)
          return outputFor(name, request, { reply: reference.answer }, idPrefix);
        return outputFor(name, request, turn, idPrefix);
      }
      const taken = turnsTaken(request.messages, idPrefix);
      const step = reference.steps[taken];
      if (step !== undefined) {
        requireTool(name, request, step.tool);
        const argument = step.tool === 'bash' ? 'cmd' : 'code';
        return outputFor(
          name,
          request,
          { tool: step.tool, arguments: { [argument]: step.code } },
          idPrefix,
        );
      }
      if (taken > reference.steps.length) {
        // The submission was made and the agent still asks: say so rather than loop.
        return outputFor(name, request, { reply: 'Submitted.' }, idPrefix);
      }
      requireTool(name, request, 'submit');
      const last = toolOutputs(request.messages).at(-1) ?? '';
      let answer = reference.answer ?? '';
      let note = '';
      if (reference.submitPattern !== undefined) {
        const found = new RegExp(reference.submitPattern).exec(last)?.[0];
        if (found !== undefined) answer = found;
        else note = `The pattern /${reference.submitPattern}/ found nothing in the last output.`;
      }
      return outputFor(name, request, { tool: 'submit', arguments: { answer } }, idPrefix, note);
    }),
  };
}
