import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatMessage } from '../../core/model/chat-message.js';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import type { ToolCall } from '../../core/model/tool.js';
import { estimateUsage } from './estimate-tokens.js';
import type { MockScript, MockTurn } from './mock-script.js';

interface CompiledRule {
  readonly test: (text: string) => boolean;
  readonly turns: readonly MockTurn[];
}

/** The last tool result of the conversation, trimmed; '' before any tool ran. */
function lastToolOutput(messages: readonly ChatMessage[]): string {
  return messages.findLast((message) => message.role === 'tool')?.content.trim() ?? '';
}

/** Fills `{last_tool_output}` in strings, so a script can act on what its tools returned. */
function fill(value: unknown, toolOutput: string): unknown {
  if (typeof value === 'string') return value.replaceAll('{last_tool_output}', toolOutput);
  if (Array.isArray(value)) return value.map((item) => fill(item, toolOutput));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, toolOutput)]),
    );
  }
  return value;
}

function firstUserText(messages: readonly ChatMessage[]): string {
  return messages.find((message) => message.role === 'user')?.content ?? '';
}

/** `mock/scripted`: replies, tool calls and failures read from a script, deterministically. */
export function createScriptedModel(script: MockScript, scriptName: string): ModelApi {
  const rules: CompiledRule[] = script.rules.map((rule) => {
    if (rule.contains !== undefined) {
      const needle = rule.contains;
      return { test: (text) => text.includes(needle), turns: rule.turns };
    }
    const pattern = new RegExp(rule.match ?? '');
    return { test: (text) => pattern.test(text), turns: rule.turns };
  });
  const name = 'mock/scripted';

  function turnFor(messages: readonly ChatMessage[]): MockTurn {
    const first = firstUserText(messages);
    const turns = rules.find((rule) => rule.test(first))?.turns ?? script.default;
    if (turns === undefined) {
      throw new ModelApiError(`script ${scriptName} has no rule for this prompt and no default`, {
        provider: name,
        isRetryable: false,
        hint: `add a rule matching: ${JSON.stringify(first.slice(0, 80))}`,
      });
    }
    const index = messages.filter((message) => message.role === 'assistant').length;
    const turn = turns[index];
    if (turn === undefined) {
      throw new ModelApiError(
        `script ${scriptName} has ${turns.length} turns; call ${index + 1} has none`,
        {
          provider: name,
          isRetryable: false,
          hint: 'add turns to the rule, or limit the conversation length',
        },
      );
    }
    return turn;
  }

  return {
    name,
    async generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelOutput> {
      options?.signal?.throwIfAborted();
      const turn = turnFor(request.messages);
      if (turn.delay_ms !== undefined)
        await sleep(turn.delay_ms, undefined, { signal: options?.signal });
      if (turn.error !== undefined) {
        throw new ModelApiError(turn.error.message, {
          provider: name,
          isRetryable: turn.error.retryable,
          ...(turn.error.status === undefined ? {} : { statusCode: turn.error.status }),
        });
      }
      const toolOutput = lastToolOutput(request.messages);
      const content = (turn.content ?? '').replaceAll('{last_tool_output}', toolOutput);
      const toolCalls: ToolCall[] | undefined = turn.tool_calls?.map((call, index) => ({
        id: `call_${request.messages.length}_${index}`,
        name: call.name,
        arguments: fill(call.arguments, toolOutput) as Record<string, unknown>,
      }));
      return {
        model: name,
        message: { role: 'assistant', content, ...(toolCalls === undefined ? {} : { toolCalls }) },
        stopReason: toolCalls === undefined ? 'stop' : 'tool_calls',
        usage: estimateUsage(request.messages, content),
      };
    },
  };
}
