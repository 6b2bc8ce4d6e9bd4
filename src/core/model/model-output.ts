import type { AssistantMessage } from './chat-message.js';

/** Tokens spent by one or more model calls. */
export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** Why the model stopped producing output. */
export type StopReason = 'stop' | 'max_tokens' | 'tool_calls' | 'content_filter' | 'unknown';

/** What one model call returned. */
export interface ModelOutput {
  readonly model: string;
  readonly message: AssistantMessage;
  readonly stopReason: StopReason;
  readonly usage: TokenUsage;
  /** Served from the response cache rather than the endpoint. */
  readonly cached?: boolean;
}

export const zeroUsage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

/** The sum of two usages. */
export function addUsage(left: TokenUsage, right: TokenUsage): TokenUsage {
  return {
    inputTokens: left.inputTokens + right.inputTokens,
    outputTokens: left.outputTokens + right.outputTokens,
    totalTokens: left.totalTokens + right.totalTokens,
  };
}
