import type { SampleEvent, SampleRecord } from '../../core/log/log-schema.js';
import { toInspectError, vigilErrorKey } from './inspect-errors.js';
import { toInspectGenerateConfig } from './inspect-generate-config.js';
import { toInspectMessages, toInspectToolCall } from './inspect-messages.js';
import { toInspectScore } from './inspect-scores.js';
import { secondsBetween, toInspectTime } from './inspect-time.js';
import type {
  InspectEvalSample,
  InspectEvent,
  InspectModelOutput,
  InspectModelUsage,
  InspectSampleSummary,
  JsonObject,
} from './inspect-types.js';
import { stableId } from './stable-id.js';

type ModelCallEvent = Extract<SampleEvent, { type: 'model-call' }>;

/** Vigil's limit kinds under Inspect's names. */
const limitTypes = {
  time: 'time',
  messages: 'message',
  tokens: 'token',
  working: 'working',
  cost: 'cost',
} as const;

/** The member of a `.eval` archive that holds a sample-epoch. */
export function sampleMemberName(id: string, epoch: number): string {
  return `samples/${id}_epoch_${epoch}.json`;
}

/** Vigil's token usage under Inspect's names. */
export function toInspectUsage(usage: SampleRecord['usage']): InspectModelUsage {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    total_tokens: usage.totalTokens,
  };
}

function isoPlus(iso: string, ms: number): string {
  const time = Date.parse(iso) + ms;
  return Number.isFinite(time) ? new Date(time).toISOString() : iso;
}

function callOutput(event: ModelCallEvent): InspectModelOutput {
  const { output } = event;
  if (output === undefined) {
    return {
      model: event.model,
      choices: [],
      completion: '',
      ...(event.error === undefined ? {} : { error: event.error.message }),
    };
  }
  return {
    model: event.model,
    choices: [
      {
        message: {
          role: 'assistant',
          content: output.content,
          ...(output.toolCalls === undefined || output.toolCalls.length === 0
            ? {}
            : { tool_calls: output.toolCalls.map(toInspectToolCall) }),
        },
        stop_reason: output.stopReason,
      },
    ],
    completion: output.content,
    ...(event.usage === undefined ? {} : { usage: toInspectUsage(event.usage) }),
    time: event.durationMs / 1000,
  };
}

/** The sample's final output: the last model call's, or the bare text when that is all there is. */
function sampleOutput(record: SampleRecord, model: string): InspectModelOutput {
  if (record.output === undefined) return { model, choices: [], completion: '' };
  const last = record.events.findLast(
    (event): event is ModelCallEvent => event.type === 'model-call' && event.output !== undefined,
  );
  if (last?.output?.content === record.output) return callOutput(last);
  return {
    model,
    choices: [{ message: { role: 'assistant', content: record.output }, stop_reason: 'unknown' }],
    completion: record.output,
  };
}

/** Where a model event keeps Vigil's retry bookkeeping, which Inspect has no fields for. */
export const vigilAttemptKey = 'vigil_attempt';

function modelEventMetadata(event: ModelCallEvent): { metadata?: JsonObject } {
  const metadata: Record<string, unknown> = {
    ...(event.error === undefined ? {} : { [vigilErrorKey]: event.error }),
    ...(event.attempt === undefined && event.retryInMs === undefined
      ? {}
      : {
          [vigilAttemptKey]: {
            ...(event.attempt === undefined ? {} : { attempt: event.attempt }),
            ...(event.retryInMs === undefined ? {} : { retryInMs: event.retryInMs }),
          },
        }),
  };
  return Object.keys(metadata).length === 0 ? {} : { metadata };
}

function toInspectEvent(event: SampleEvent, record: SampleRecord): InspectEvent {
  const timing = {
    timestamp: toInspectTime(event.timestamp),
    working_start: secondsBetween(record.startedAt, event.timestamp),
  };
  switch (event.type) {
    case 'model-call':
      return {
        ...timing,
        event: 'model',
        model: event.model,
        // Vigil logs how many messages a call saw; the conversation only grows, so they are
        // the first messages of the sample's final conversation.
        input: toInspectMessages(record.messages.slice(0, event.inputMessages)),
        tools: [],
        tool_choice: 'none',
        config: toInspectGenerateConfig(event.config),
        output: callOutput(event),
        ...(event.cached === true ? { cache: 'read' } : {}),
        ...(event.error === undefined ? {} : { error: event.error.message }),
        ...modelEventMetadata(event),
        completed: toInspectTime(isoPlus(event.timestamp, event.durationMs)),
        working_time: event.durationMs / 1000,
      };
    case 'score':
      return {
        ...timing,
        event: 'score',
        score: toInspectScore(event.score),
        scorer: event.scorer,
        intermediate: false,
      };
    case 'sample-limit':
      return {
        ...timing,
        event: 'sample_limit',
        type: limitTypes[event.kind],
        message: `${event.kind} limit of ${event.limit} reached`,
        limit: event.limit,
      };
  }
}

/**
 * A Vigil sample record as Inspect's `EvalSample`, and its summary for `summaries.json`.
 * Events become ModelEvent, ScoreEvent and SampleLimitEvent; an errored sample also gets an
 * ErrorEvent that keeps Vigil's whole error record in its metadata.
 */
export function toInspectSample(
  record: SampleRecord,
  context: { readonly model: string; readonly runId: string },
): { sample: InspectEvalSample; summary: InspectSampleSummary } {
  const completedAt = isoPlus(record.startedAt, record.durationMs);
  const seconds = record.durationMs / 1000;
  const usedModel =
    record.usage.totalTokens > 0 || record.events.some((e) => e.type === 'model-call');
  const modelUsage = usedModel ? { [context.model]: toInspectUsage(record.usage) } : {};
  const scores = Object.fromEntries(
    Object.entries(record.scores).map(([name, score]) => [name, toInspectScore(score)]),
  );
  const input = typeof record.input === 'string' ? record.input : toInspectMessages(record.input);
  const events = record.events.map((event) => toInspectEvent(event, record));
  if (record.error !== undefined) {
    events.push({
      event: 'error',
      timestamp: toInspectTime(completedAt),
      working_start: seconds,
      error: toInspectError(record.error),
      metadata: { [vigilErrorKey]: record.error },
    });
  }
  const limit =
    record.limit === undefined
      ? undefined
      : { type: limitTypes[record.limit.kind], limit: record.limit.limit };
  const common = {
    id: record.id,
    epoch: record.epoch,
    input,
    target: record.target,
    ...(record.choices === undefined ? {} : { choices: record.choices }),
    metadata: record.metadata ?? {},
    ...(Object.keys(scores).length === 0 ? {} : { scores }),
    model_usage: modelUsage,
    role_usage: {},
    started_at: toInspectTime(record.startedAt),
    completed_at: toInspectTime(completedAt),
    total_time: seconds,
    working_time: seconds,
    uuid: stableId('sample', context.runId, record.id, record.epoch),
  };
  return {
    sample: {
      ...common,
      messages: toInspectMessages(record.messages),
      output: sampleOutput(record, context.model),
      store: {},
      events,
      ...(record.error === undefined ? {} : { error: toInspectError(record.error) }),
      ...(limit === undefined ? {} : { limit }),
      attachments: {},
    },
    summary: {
      ...common,
      ...(record.error === undefined ? {} : { error: record.error.message }),
      ...(limit === undefined ? {} : { limit: limit.type }),
      completed: true,
      message_count: record.messages.length,
    },
  };
}
