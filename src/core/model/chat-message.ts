import type { ToolCall } from './tool.js';

/** Instructions to the model, placed before the conversation. */
export interface SystemMessage {
  readonly role: 'system';
  readonly content: string;
}

/** A turn of the person (or harness) talking to the model. */
export interface UserMessage {
  readonly role: 'user';
  readonly content: string;
}

/** A turn of the model: text, tool calls, or both. */
export interface AssistantMessage {
  readonly role: 'assistant';
  readonly content: string;
  readonly toolCalls?: readonly ToolCall[];
}

/** The result of one tool call, fed back to the model. */
export interface ToolMessage {
  readonly role: 'tool';
  readonly content: string;
  readonly toolCallId: string;
  readonly error?: string;
}

/** Any message in a conversation with a model. */
export type ChatMessage = SystemMessage | UserMessage | AssistantMessage | ToolMessage;

/** The text of the last user message, or '' when there is none. */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role === 'user') return message.content;
  }
  return '';
}
