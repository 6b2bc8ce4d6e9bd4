import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelRequest } from '../../core/model/model-api.js';
import type { ToolChoice } from '../../core/model/tool.js';

type Block = Record<string, unknown>;
interface AnthropicMessage {
  role: 'user' | 'assistant';
  content: Block[];
}

/** The Messages API needs `max_tokens`; this is used when the task sets none. */
export const defaultAnthropicMaxTokens = 4096;

function blocksOf(message: Exclude<ChatMessage, { role: 'system' }>): Block[] {
  switch (message.role) {
    case 'user':
      return [{ type: 'text', text: message.content }];
    case 'assistant':
      return [
        ...(message.content === '' ? [] : [{ type: 'text', text: message.content }]),
        ...(message.toolCalls ?? []).map((call) => ({
          type: 'tool_use',
          id: call.id,
          name: call.name,
          input: call.arguments,
        })),
      ];
    case 'tool':
      return [
        {
          type: 'tool_result',
          tool_use_id: message.toolCallId,
          content: message.content,
          ...(message.error === undefined ? {} : { is_error: true }),
        },
      ];
  }
}

/** Tool results travel as user turns, and consecutive turns of one role merge: the API alternates. */
function toAnthropicMessages(messages: readonly ChatMessage[]): AnthropicMessage[] {
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const blocks = blocksOf(message);
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  }
  return turns;
}

function toAnthropicToolChoice(choice: ToolChoice): unknown {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'required') return { type: 'any' };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.name };
}

/** The JSON body of a Messages API request. */
export function anthropicMessagesBody(model: string, request: ModelRequest): string {
  const { config } = request;
  const system = request.messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const tools = request.tools ?? [];
  return JSON.stringify({
    model,
    max_tokens: config.maxTokens ?? defaultAnthropicMaxTokens,
    ...(system === '' ? {} : { system }),
    messages: toAnthropicMessages(request.messages),
    ...(tools.length === 0
      ? {}
      : {
          tools: tools.map((tool) => ({
            name: tool.name,
            description: tool.description,
            input_schema: tool.parameters,
          })),
        }),
    ...(request.toolChoice === undefined || tools.length === 0
      ? {}
      : { tool_choice: toAnthropicToolChoice(request.toolChoice) }),
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.topP === undefined ? {} : { top_p: config.topP }),
    ...(config.stopSequences === undefined ? {} : { stop_sequences: config.stopSequences }),
  });
}
