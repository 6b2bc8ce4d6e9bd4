import { z } from 'zod';
import type { ModelOutput, StopReason } from '../../core/model/model-output.js';
import type { ToolCall } from '../../core/model/tool.js';
import { parseJsonBody } from '../http/parse-json-body.js';

const responseSchema = z.object({
  model: z.string().optional(),
  content: z.array(
    z.union([
      z.object({ type: z.literal('text'), text: z.string() }),
      z.object({
        type: z.literal('tool_use'),
        id: z.string(),
        name: z.string(),
        input: z.record(z.string(), z.unknown()),
      }),
      z.object({ type: z.string() }),
    ]),
  ),
  stop_reason: z.string().nullish(),
  usage: z
    .object({
      input_tokens: z.number(),
      output_tokens: z.number(),
      cache_creation_input_tokens: z.number().nullish(),
      cache_read_input_tokens: z.number().nullish(),
    })
    .nullish(),
});

const stopReasons: Readonly<Record<string, StopReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'max_tokens',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** A Messages API body as a ModelOutput, or a description of what is wrong with it. */
export function parseAnthropicMessagesResponse(
  body: string,
  requestedModel: string,
): ModelOutput | string {
  const parsedBody = parseJsonBody(body);
  if ('problem' in parsedBody) return parsedBody.problem;
  const { json } = parsedBody;
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success)
    return parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of parsed.data.content) {
    if ('text' in block) text += block.text;
    else if ('input' in block)
      toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
  }
  const usage = parsed.data.usage;
  // Cached prompt tokens are reported apart from input_tokens; they are input all the same.
  const inputTokens =
    (usage?.input_tokens ?? 0) +
    (usage?.cache_creation_input_tokens ?? 0) +
    (usage?.cache_read_input_tokens ?? 0);
  const outputTokens = usage?.output_tokens ?? 0;
  return {
    model: parsed.data.model ?? requestedModel,
    message: { role: 'assistant', content: text, ...(toolCalls.length === 0 ? {} : { toolCalls }) },
    stopReason: stopReasons[parsed.data.stop_reason ?? ''] ?? 'unknown',
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
  };
}
