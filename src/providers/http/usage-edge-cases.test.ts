import { describe, expect, it } from 'vitest';
import { parseAnthropicMessagesResponse } from '../anthropic/anthropic-messages-response.js';
import { parseOpenAiChatResponse } from '../openai/openai-chat-response.js';
import { retryAfterMs } from './retry-after.js';

describe('edge cases of endpoint replies', () => {
  it('ignores a negative or numeric-looking Retry-After instead of reading it as a date', () => {
    expect(retryAfterMs({ 'retry-after': '-1' })).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '2001' })).toBe(2_001_000);
  });

  it('sums OpenAI usage when total_tokens is null', () => {
    const output = parseOpenAiChatResponse(
      JSON.stringify({
        choices: [{ message: { content: 'x' } }],
        usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: null },
      }),
      'm',
    );
    expect(typeof output === 'string' ? output : output.usage).toEqual({
      inputTokens: 7,
      outputTokens: 3,
      totalTokens: 10,
    });
  });

  it('counts Anthropic cached prompt tokens as input', () => {
    const output = parseAnthropicMessagesResponse(
      JSON.stringify({
        content: [{ type: 'text', text: 'x' }],
        stop_reason: 'end_turn',
        usage: {
          input_tokens: 5,
          output_tokens: 2,
          cache_creation_input_tokens: 100,
          cache_read_input_tokens: 20,
        },
      }),
      'm',
    );
    expect(typeof output === 'string' ? output : output.usage).toEqual({
      inputTokens: 125,
      outputTokens: 2,
      totalTokens: 127,
    });
  });
});
