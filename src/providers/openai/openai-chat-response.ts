import { z } from 'zod';
import type { ModelOutput, StopReason } from '../../core/model/model-output.js';
import type { ToolCall } from '../../core/model/tool.js';

const responseSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          refusal: z.string().nullish(),
          tool_calls: z
            .array(
              z.object({
                id: z.string(),
                function: z.object({ name: z.string(), arguments: z.string() }),
              }),
            )
            .nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1, 'choices is empty'),
  usage: z
    .object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.number().optional(),
    })
    .nullish(),
});

const stopReasons: Readonly<Record<string, StopReason>> = {
  stop: 'stop',
  length: 'max_tokens',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

function parseToolCall(call: {
  id: string;
  function: { name: string; arguments: string };
}): ToolCall {
  try {
    const parsed: unknown = JSON.parse(
      call.function.arguments === '' ? '{}' : call.function.arguments,
    );
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return {
        id: call.id,
        name: call.function.name,
        arguments: parsed as Record<string, unknown>,
      };
    }
    return {
      id: call.id,
      name: call.function.name,
      arguments: {},
      parseError: 'arguments are not a JSON object',
    };
  } catch (error) {
    return {
      id: call.id,
      name: call.function.name,
      arguments: {},
      parseError: `arguments are not valid JSON: ${(error as Error).message}`,
    };
  }
}

/** A Chat Completions body as a ModelOutput, or a description of what is wrong with it. */
export function parseOpenAiChatResponse(
  body: string,
  requestedModel: string,
): ModelOutput | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return body.length === 0
      ? 'the body is empty'
      : 'the body is not JSON (truncated or not an API response)';
  }
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success)
    return parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
  const choice = parsed.data.choices[0];
  if (choice === undefined) return 'choices is empty';
  const toolCalls = choice.message.tool_calls?.map(parseToolCall);
  const usage = parsed.data.usage;
  const inputTokens = usage?.prompt_tokens ?? 0;
  const outputTokens = usage?.completion_tokens ?? 0;
  return {
    model: parsed.data.model ?? requestedModel,
    message: {
      role: 'assistant',
      content: choice.message.content ?? choice.message.refusal ?? '',
      ...(toolCalls === undefined || toolCalls.length === 0 ? {} : { toolCalls }),
    },
    stopReason: stopReasons[choice.finish_reason ?? ''] ?? 'unknown',
    usage: {
      inputTokens,
      outputTokens,
      totalTokens: usage?.total_tokens ?? inputTokens + outputTokens,
    },
  };
}
