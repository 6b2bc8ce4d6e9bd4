import type { ChatMessage } from '../../core/model/chat-message.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ToolCall } from '../../core/model/tool.js';
import { estimateUsage } from '../mock/estimate-tokens.js';

/** A tool call or a plain reply, as a scripted agent decides its next turn. */
export type ScriptedTurn =
  | { readonly tool: string; readonly arguments: Readonly<Record<string, unknown>> }
  | { readonly reply: string };

/**
 * A model's `generate` from a synchronous decision; whatever the decision throws (a
 * `ModelApiError`) becomes a rejection, as callers of the port expect.
 */
export function asGenerate(
  decide: (request: ModelRequest, options?: ModelCallOptions) => ModelOutput,
): ModelApi['generate'] {
  return (request, options) =>
    new Promise((resolve) => {
      options?.signal?.throwIfAborted();
      resolve(decide(request, options));
    });
}

/** The tool-call id prefix of a scripted agent; its turns are counted by it. */
export function turnsTaken(messages: readonly ChatMessage[], prefix: string): number {
  return messages.filter(
    (message) =>
      message.role === 'assistant' &&
      (message.toolCalls ?? []).some((call) => call.id.startsWith(prefix)),
  ).length;
}

/** Tool outputs of the conversation, oldest first. */
export function toolOutputs(messages: readonly ChatMessage[]): string[] {
  return messages.flatMap((message) => (message.role === 'tool' ? [message.content] : []));
}

/** Whether the request offers a tool by that name. */
export function offers(request: ModelRequest, name: string): boolean {
  return (request.tools ?? []).some((tool) => tool.name === name);
}

/** Fails the call when a tool the agent needs is not offered. */
export function requireTool(model: string, request: ModelRequest, name: string): void {
  if (offers(request, name)) return;
  const offered = (request.tools ?? []).map((tool) => tool.name);
  throw new ModelApiError(
    `${model} needs the tool "${name}", but the task offers ${offered.length === 0 ? 'no tools' : offered.join(', ')}`,
    {
      provider: model,
      reason: 'bad_request',
      isRetryable: false,
      hint: 'run it on a task whose agent has bash, python and submit tools',
    },
  );
}

/** The model output for a turn: one tool call with a counted id, or a reply. */
export function outputFor(
  model: string,
  request: ModelRequest,
  turn: ScriptedTurn,
  idPrefix: string,
  content = '',
): ModelOutput {
  if ('reply' in turn) {
    return {
      model,
      message: { role: 'assistant', content: turn.reply },
      stopReason: 'stop',
      usage: estimateUsage(request.messages, turn.reply),
    };
  }
  const call: ToolCall = {
    id: `${idPrefix}${String(turnsTaken(request.messages, idPrefix))}`,
    name: turn.tool,
    arguments: turn.arguments,
  };
  return {
    model,
    message: { role: 'assistant', content, toolCalls: [call] },
    stopReason: 'tool_calls',
    usage: estimateUsage(request.messages, `${content}${JSON.stringify(call.arguments)}`),
  };
}
