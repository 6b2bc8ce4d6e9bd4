import type { ModelOutput, StopReason } from '../../core/model/model-output.js';
import type { ToolCall } from '../../core/model/tool.js';
import { parseJsonBody } from '../http/parse-json-body.js';

const stopReasons: Readonly<Record<string, StopReason>> = {
  stop: 'stop',
  length: 'max_tokens',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): value is string | null | undefined {
  return value === undefined || value === null || typeof value === 'string';
}

function tokenCount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

function parseToolCall(call: unknown, index: number): ToolCall | string {
  if (!isObject(call) || !isObject(call.function) || typeof call.function.name !== 'string') {
    return `choices.0.message.tool_calls.${String(index)} has no function name`;
  }
  const id = typeof call.id === 'string' ? call.id : `call_${String(index)}`;
  const name = call.function.name;
  const text = typeof call.function.arguments === 'string' ? call.function.arguments : '{}';
  try {
    const parsed: unknown = JSON.parse(text === '' ? '{}' : text);
    if (isObject(parsed)) return { id, name, arguments: parsed };
    return { id, name, arguments: {}, parseError: 'arguments are not a JSON object' };
  } catch (error) {
    return {
      id,
      name,
      arguments: {},
      parseError: `arguments are not valid JSON: ${(error as Error).message}`,
    };
  }
}

/**
 * A Chat Completions body as a ModelOutput, or a description of what is wrong with it.
 * Checked by hand, not with a schema library: this runs once per model call, on the hot path.
 */
export function parseOpenAiChatResponse(
  body: string,
  requestedModel: string,
): ModelOutput | string {
  const parsedBody = parseJsonBody(body);
  if ('problem' in parsedBody) return parsedBody.problem;
  const { json } = parsedBody;
  if (!isObject(json)) return 'the body is not a JSON object';
  if (!Array.isArray(json.choices)) return 'choices is missing';
  const choice: unknown = json.choices[0];
  if (choice === undefined) return 'choices is empty';
  if (!isObject(choice) || !isObject(choice.message)) return 'choices.0.message is missing';
  const { content, refusal, tool_calls: rawCalls } = choice.message;
  if (!optionalString(content)) return 'choices.0.message.content is not a string';
  if (rawCalls !== undefined && rawCalls !== null && !Array.isArray(rawCalls))
    return 'choices.0.message.tool_calls is not a list';
  const toolCalls: ToolCall[] = [];
  for (const [index, call] of (rawCalls ?? []).entries()) {
    const parsed = parseToolCall(call, index);
    if (typeof parsed === 'string') return parsed;
    toolCalls.push(parsed);
  }
  const usage = isObject(json.usage) ? json.usage : {};
  const inputTokens = tokenCount(usage.prompt_tokens);
  const outputTokens = tokenCount(usage.completion_tokens);
  const finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : '';
  return {
    model: typeof json.model === 'string' ? json.model : requestedModel,
    message: {
      role: 'assistant',
      content: content ?? (typeof refusal === 'string' ? refusal : ''),
      ...(toolCalls.length === 0 ? {} : { toolCalls }),
    },
    stopReason: stopReasons[finishReason] ?? 'unknown',
    usage: {
      inputTokens,
      outputTokens,
      totalTokens:
        typeof usage.total_tokens !== 'number'
          ? inputTokens + outputTokens
          : tokenCount(usage.total_tokens),
    },
  };
}
