import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelRequest } from '../../core/model/model-api.js';
import type { ToolChoice } from '../../core/model/tool.js';

function toOpenAiMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return message.toolCalls === undefined || message.toolCalls.length === 0
        ? { role: 'assistant', content: message.content }
        : {
            role: 'assistant',
            content: message.content === '' ? null : message.content,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: 'function',
              function: { name: call.name, arguments: JSON.stringify(call.arguments) },
            })),
          };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toOpenAiToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string'
    ? choice
    : { type: 'function', function: { name: choice.name } };
}

/** The JSON body of a Chat Completions request. */
export function openAiChatBody(model: string, request: ModelRequest): string {
  const { config } = request;
  const tools = request.tools ?? [];
  return JSON.stringify({
    model,
    messages: request.messages.map(toOpenAiMessage),
    ...(tools.length === 0
      ? {}
      : {
          tools: tools.map((tool) => ({
            type: 'function',
            function: {
              name: tool.name,
              description: tool.description,
              parameters: tool.parameters,
            },
          })),
        }),
    ...(request.toolChoice === undefined || tools.length === 0
      ? {}
      : { tool_choice: toOpenAiToolChoice(request.toolChoice) }),
    ...(config.temperature === undefined ? {} : { temperature: config.temperature }),
    ...(config.maxTokens === undefined ? {} : { max_tokens: config.maxTokens }),
    ...(config.seed === undefined ? {} : { seed: config.seed }),
    ...(config.stopSequences === undefined ? {} : { stop: config.stopSequences }),
    ...(config.topP === undefined ? {} : { top_p: config.topP }),
  });
}
