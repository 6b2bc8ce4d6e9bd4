import type { z } from 'zod';
import { modelCallEventSchema, type SampleEvent } from '../../core/log/log-schema.js';
import { describeIssues } from '../../core/validation/parse-with.js';
import { InputError } from '../../core/errors/input-error.js';
import { vigilAttemptKey } from './export-sample.js';
import { fromInspectError, vigilErrorKey } from './inspect-errors.js';
import { fromInspectGenerateConfig } from './inspect-generate-config.js';
import { contentText, fromInspectToolCall } from './inspect-messages.js';
import {
  inspectLimitEventSchema,
  inspectModelEventSchema,
  inspectScoreEventSchema,
} from './inspect-schema.js';
import { fromInspectScore } from './inspect-scores.js';
import { fromInspectTime, secondsBetween, secondsToMs } from './inspect-time.js';

/** Inspect's limit types that Vigil has a kind for; the others (cost, turn, ...) have none. */
export const vigilLimitKinds: Readonly<
  Record<string, 'time' | 'messages' | 'tokens' | 'working' | 'cost'>
> = {
  time: 'time',
  working: 'working',
  cost: 'cost',
  message: 'messages',
  token: 'tokens',
};

function parseEvent<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InputError(describeIssues(result.error), {
    source: where,
    hint: 'the sample does not match Inspect log schema version 2',
  });
}

function modelCallEvent(value: unknown, where: string): SampleEvent {
  const event = parseEvent(inspectModelEventSchema, value, where);
  const choice = event.output.choices[0];
  const timestamp = fromInspectTime(event.timestamp);
  const durationMs =
    event.working_time != null
      ? secondsToMs(event.working_time)
      : event.completed != null
        ? secondsToMs(secondsBetween(event.timestamp, event.completed))
        : 0;
  const inputMessages =
    event.input_refs == null
      ? event.input.length
      : event.input_refs.reduce((sum, [start, end]) => sum + Math.max(0, end - start), 0);
  const usage = event.output.usage;
  const error = event.error ?? event.output.error;
  const toolCalls = choice === undefined ? [] : (choice.message.tool_calls ?? []);
  return {
    type: 'model-call',
    timestamp,
    durationMs,
    model: event.model,
    inputMessages,
    config: fromInspectGenerateConfig(event.config),
    ...(choice === undefined
      ? {}
      : {
          output: {
            content: contentText(choice.message.content),
            ...(toolCalls.length === 0
              ? {}
              : {
                  toolCalls: toolCalls.map(fromInspectToolCall),
                }),
            stopReason: choice.stop_reason ?? 'unknown',
          },
        }),
    ...(usage == null
      ? {}
      : {
          usage: {
            inputTokens: usage.input_tokens,
            outputTokens: usage.output_tokens,
            totalTokens: usage.total_tokens,
          },
        }),
    ...(error == null
      ? {}
      : {
          error: fromInspectError(
            { message: error, traceback: '' },
            event.metadata?.[vigilErrorKey],
          ),
        }),
    ...savedAttempt(event.metadata?.[vigilAttemptKey]),
    ...(event.cache === 'read' ? { cached: true as const } : {}),
  };
}

const attemptSchema = modelCallEventSchema.pick({ attempt: true, retryInMs: true });

/** The retry bookkeeping an exported model event kept in its metadata, when valid. */
function savedAttempt(value: unknown): z.infer<typeof attemptSchema> {
  const parsed = attemptSchema.safeParse(value);
  return parsed.success ? parsed.data : {};
}

/**
 * Inspect events as Vigil events: model calls, scores (final ones, not intermediate) and
 * sample limits of a kind Vigil knows. Every other event type (spans, tools, sandbox, state,
 * store, info, ...) is dropped, as is the error event (it becomes the record's `error`).
 */
export function fromInspectEvents(
  events: readonly { readonly event: string }[],
  where: string,
): SampleEvent[] {
  const result: SampleEvent[] = [];
  events.forEach((value, index) => {
    const at = `${where} events[${index}]`;
    switch (value.event) {
      case 'model':
        result.push(modelCallEvent(value, at));
        break;
      case 'score': {
        const event = parseEvent(inspectScoreEventSchema, value, at);
        if (event.intermediate) break;
        result.push({
          type: 'score',
          timestamp: fromInspectTime(event.timestamp),
          scorer: event.scorer ?? 'score',
          score: fromInspectScore(event.score),
        });
        break;
      }
      case 'sample_limit': {
        const event = parseEvent(inspectLimitEventSchema, value, at);
        const kind = vigilLimitKinds[event.type];
        if (kind === undefined || event.limit == null) break;
        result.push({
          type: 'sample-limit',
          timestamp: fromInspectTime(event.timestamp),
          kind,
          limit: event.limit,
        });
        break;
      }
      default:
        break;
    }
  });
  return result;
}
