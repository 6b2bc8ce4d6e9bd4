import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import type { ToolDefinition } from '../../core/model/tool.js';

const tool = (name: string): ToolDefinition => ({ name, description: name, parameters: {} });

/** The agent's tools, as the react agent offers them. */
export const agentTools: readonly ToolDefinition[] = ['bash', 'python', 'submit'].map(tool);

/** A request as the agent makes it: system prompt, the prompt, then the turns so far. */
export function agentRequest(
  prompt: string,
  turns: readonly ChatMessage[] = [],
  tools: readonly ToolDefinition[] = agentTools,
): ModelRequest {
  return {
    messages: [
      { role: 'system', content: 'You are an agent.' },
      { role: 'user', content: prompt },
      ...turns,
    ],
    tools,
    config: {},
  };
}

/** The conversation after `output`'s tool call answered with `result`. */
export function answered(output: ModelOutput, result: string): ChatMessage[] {
  const call = output.message.toolCalls?.[0];
  return [output.message, { role: 'tool', toolCallId: call?.id ?? 'none', content: result }];
}
