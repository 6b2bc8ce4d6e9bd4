import type { ChatMessage } from '../../src/core/model/chat-message.js';
import type { ModelRequest } from '../../src/core/model/model-api.js';

/** A request with these messages and no tools or settings. */
export function request(...messages: readonly ChatMessage[]): ModelRequest {
  return { messages, config: {} };
}

export const user = (content: string): ChatMessage => ({ role: 'user', content });
export const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
