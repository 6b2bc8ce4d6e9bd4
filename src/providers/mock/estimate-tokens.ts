import type { ChatMessage } from '../../core/model/chat-message.js';
import type { TokenUsage } from '../../core/model/model-output.js';

/** About four characters a token, at least one for non-empty text: enough for mock usage. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.max(1, Math.ceil(text.length / 4));
}

/** A plausible usage for a mock reply. */
export function estimateUsage(messages: readonly ChatMessage[], reply: string): TokenUsage {
  let inputTokens = 0;
  for (const message of messages) inputTokens += 4 + estimateTokens(message.content);
  const outputTokens = estimateTokens(reply);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}
