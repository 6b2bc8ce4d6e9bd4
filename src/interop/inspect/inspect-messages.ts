import type { SampleRecord } from '../../core/log/log-schema.js';
import type { InspectChatMessage, InspectToolCall } from './inspect-types.js';
import type { InspectContentInput, InspectMessageInput } from './inspect-schema.js';

/** A chat message as Vigil's log holds it. */
export type LogChatMessage = SampleRecord['messages'][number];
type LogToolCall = NonNullable<Extract<LogChatMessage, { role: 'assistant' }>['toolCalls']>[number];

/** A Vigil tool call in Inspect's shape. */
export function toInspectToolCall(call: LogToolCall): InspectToolCall {
  return {
    id: call.id,
    function: call.name,
    arguments: call.arguments,
    type: 'function',
    ...(call.parseError === undefined ? {} : { parse_error: call.parseError }),
  };
}

/**
 * A Vigil conversation in Inspect's message shapes. Tool results also get the name of the
 * function that was called (Inspect's viewer shows it), looked up from earlier tool calls.
 */
export function toInspectMessages(
  messages: readonly LogChatMessage[],
  model?: string,
): InspectChatMessage[] {
  const functionNames = new Map<string, string>();
  return messages.map((message): InspectChatMessage => {
    switch (message.role) {
      case 'system':
      case 'user':
        return { role: message.role, content: message.content };
      case 'assistant':
        for (const call of message.toolCalls ?? []) functionNames.set(call.id, call.name);
        return {
          role: 'assistant',
          content: message.content,
          ...(message.toolCalls === undefined || message.toolCalls.length === 0
            ? {}
            : { tool_calls: message.toolCalls.map(toInspectToolCall) }),
          ...(model === undefined ? {} : { model }),
        };
      case 'tool': {
        const name = functionNames.get(message.toolCallId);
        return {
          role: 'tool',
          content: message.content,
          tool_call_id: message.toolCallId,
          ...(name === undefined ? {} : { function: name }),
          ...(message.error === undefined
            ? {}
            : { error: { type: 'unknown', message: message.error } }),
        };
      }
    }
  });
}

/**
 * The text of Inspect content, as Inspect's own `ChatMessage.text` reads it: a string as is,
 * a list's text parts joined by newlines; other parts (images, audio, reasoning) are dropped.
 */
export function contentText(content: InspectContentInput): string {
  if (typeof content === 'string') return content;
  return content
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '')
    .join('\n');
}

type InspectToolCallInput = NonNullable<
  Extract<InspectMessageInput, { role: 'assistant' }>['tool_calls']
>[number];

/** An Inspect tool call as a Vigil one. */
export function fromInspectToolCall(call: InspectToolCallInput): LogToolCall {
  return {
    id: call.id,
    name: call.function,
    arguments: call.arguments ?? {},
    ...(call.parse_error == null ? {} : { parseError: call.parse_error }),
  };
}

/** An Inspect message as a Vigil one; Inspect-only fields (ids, sources, metadata) are dropped. */
export function fromInspectMessage(message: InspectMessageInput): LogChatMessage {
  const content = contentText(message.content);
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content };
    case 'assistant': {
      const calls = message.tool_calls ?? [];
      return calls.length === 0
        ? { role: 'assistant', content }
        : {
            role: 'assistant',
            content,
            toolCalls: calls.map(fromInspectToolCall),
          };
    }
    case 'tool':
      return {
        role: 'tool',
        content,
        toolCallId: message.tool_call_id ?? '',
        ...(message.error == null ? {} : { error: message.error.message }),
      };
  }
}
