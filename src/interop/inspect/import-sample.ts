import { InputError } from '../../core/errors/input-error.js';
import { sampleRecordSchema, type SampleRecord } from '../../core/log/log-schema.js';
import { describeIssues } from '../../core/validation/parse-with.js';
import { fromInspectEvents, vigilLimitKinds } from './import-events.js';
import { resolveAttachments } from './inspect-attachments.js';
import { fromInspectError, vigilErrorKey } from './inspect-errors.js';
import { fromInspectMessage } from './inspect-messages.js';
import {
  inspectErrorEventSchema,
  inspectSampleSchema,
  type InspectSampleInput,
} from './inspect-schema.js';
import { fromInspectScore } from './inspect-scores.js';
import { fromInspectTime, secondsBetween, secondsToMs } from './inspect-time.js';

function invalid(where: string, message: string): InputError {
  return new InputError(message, {
    source: where,
    hint: 'the sample does not match Inspect log schema version 2',
  });
}

function sampleUsage(sample: InspectSampleInput): SampleRecord['usage'] {
  let inputTokens = 0;
  let outputTokens = 0;
  let totalTokens = 0;
  for (const usage of Object.values(sample.model_usage)) {
    inputTokens += usage.input_tokens;
    outputTokens += usage.output_tokens;
    totalTokens += usage.total_tokens;
  }
  return { inputTokens, outputTokens, totalTokens };
}

/** The Vigil error record an exported log kept in the sample's error event, if any. */
function savedError(sample: InspectSampleInput): unknown {
  for (const event of sample.events) {
    if (event.event !== 'error') continue;
    const parsed = inspectErrorEventSchema.safeParse(event);
    if (parsed.success) return parsed.data.metadata?.[vigilErrorKey];
  }
  return undefined;
}

/**
 * An Inspect `EvalSample` (parsed JSON of a `samples/*.json` member) as a Vigil sample
 * record, validated with Vigil's schema. Attachments are resolved first. `where` names the
 * member in errors; `fallbackStart` is used when the sample has no start time.
 */
export function fromInspectSample(
  value: unknown,
  where: string,
  fallbackStart: string,
): SampleRecord {
  const parsed = inspectSampleSchema.safeParse(resolveAttachments(value));
  if (!parsed.success) throw invalid(where, describeIssues(parsed.error));
  const sample = parsed.data;
  const events = fromInspectEvents(sample.events, where);
  const startedAt =
    sample.started_at == null
      ? (events[0]?.timestamp ?? fallbackStart)
      : fromInspectTime(sample.started_at);
  const durationMs =
    sample.total_time != null
      ? secondsToMs(sample.total_time)
      : sample.completed_at != null && sample.started_at != null
        ? secondsToMs(secondsBetween(sample.started_at, sample.completed_at))
        : 0;
  const output = sample.output;
  const limitKind = sample.limit == null ? undefined : vigilLimitKinds[sample.limit.type];
  const record = {
    type: 'sample',
    id: String(sample.id),
    epoch: sample.epoch,
    input: typeof sample.input === 'string' ? sample.input : sample.input.map(fromInspectMessage),
    target: sample.target,
    ...(sample.choices == null ? {} : { choices: sample.choices }),
    ...(Object.keys(sample.metadata).length === 0 ? {} : { metadata: sample.metadata }),
    messages: sample.messages.map(fromInspectMessage),
    ...(output == null || (output.choices.length === 0 && output.completion === '')
      ? {}
      : { output: output.completion }),
    scores: Object.fromEntries(
      Object.entries(sample.scores ?? {}).map(([name, score]) => [name, fromInspectScore(score)]),
    ),
    events,
    usage: sampleUsage(sample),
    startedAt,
    durationMs,
    ...(sample.error == null ? {} : { error: fromInspectError(sample.error, savedError(sample)) }),
    ...(limitKind === undefined || sample.limit == null
      ? {}
      : { limit: { kind: limitKind, limit: sample.limit.limit } }),
  };
  const checked = sampleRecordSchema.safeParse(record);
  if (!checked.success) throw invalid(where, describeIssues(checked.error));
  return checked.data;
}
