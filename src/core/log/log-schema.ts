import { z } from 'zod';
import { jsonValueSchema } from '../validation/json-value-schema.js';

/**
 * The eval log, version 1: a JSON Lines file of one `header` record, one `sample` record per
 * finished sample-epoch (in completion order), and one `footer` record written when the run
 * ends. A log without a footer belongs to a run that is still going or that crashed; every
 * sample record in it is complete. Every reader and writer uses these schemas.
 */
export const logFormat = 'vigil-eval-log';
export const logVersion = 1;

const metadataSchema = z.record(z.string(), jsonValueSchema);

const toolCallSchema = z.object({
  id: z.string(),
  name: z.string(),
  arguments: z.record(z.string(), z.unknown()).readonly(),
  parseError: z.string().exactOptional(),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: z.string() }),
  z.object({ role: z.literal('user'), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string(),
    toolCalls: z.array(toolCallSchema).readonly().exactOptional(),
  }),
  z.object({
    role: z.literal('tool'),
    content: z.string(),
    toolCallId: z.string(),
    error: z.string().exactOptional(),
  }),
]);

export const usageSchema = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
});

const generateConfigSchema = z.object({
  temperature: z.number().exactOptional(),
  maxTokens: z.number().int().exactOptional(),
  seed: z.number().int().exactOptional(),
  stopSequences: z.array(z.string()).readonly().exactOptional(),
  topP: z.number().exactOptional(),
});

export const scoreSchema = z.object({
  value: z.number().nullable(),
  answer: z.string().exactOptional(),
  explanation: z.string().exactOptional(),
  metadata: metadataSchema.exactOptional(),
});

const errorInfoSchema = z.object({
  kind: z.string(),
  reason: z.string().exactOptional(),
  message: z.string(),
  hint: z.string().exactOptional(),
  retryable: z.boolean().exactOptional(),
  statusCode: z.number().int().exactOptional(),
  /** Raw response of a malformed model reply, kept for diagnosis. */
  responseBody: z.string().exactOptional(),
});

export const modelCallEventSchema = z.object({
  type: z.literal('model-call'),
  timestamp: z.string(),
  durationMs: z.number().nonnegative(),
  model: z.string(),
  inputMessages: z.number().int().nonnegative(),
  config: generateConfigSchema,
  output: z
    .object({
      content: z.string(),
      toolCalls: z.array(toolCallSchema).readonly().exactOptional(),
      stopReason: z.string(),
    })
    .exactOptional(),
  usage: usageSchema.exactOptional(),
  error: errorInfoSchema.exactOptional(),
  /** 1-based attempt number, present from the second attempt on. */
  attempt: z.number().int().positive().exactOptional(),
  /** The wait before the next attempt, when this one failed and will be retried. */
  retryInMs: z.number().nonnegative().exactOptional(),
  /** The output came from the response cache. */
  cached: z.literal(true).exactOptional(),
});

export const scoreEventSchema = z.object({
  type: z.literal('score'),
  timestamp: z.string(),
  scorer: z.string(),
  score: scoreSchema,
});

export const limitEventSchema = z.object({
  type: z.literal('sample-limit'),
  timestamp: z.string(),
  kind: z.enum(['time', 'messages', 'tokens', 'working', 'cost']),
  limit: z.number(),
});

export const sampleEventSchema = z.discriminatedUnion('type', [
  modelCallEventSchema,
  scoreEventSchema,
  limitEventSchema,
]);

export const logHeaderSchema = z.object({
  type: z.literal('header'),
  format: z.literal(logFormat),
  version: z.literal(logVersion),
  runId: z.string(),
  createdAt: z.string(),
  task: z.object({
    name: z.string(),
    metadata: metadataSchema,
    dataset: z.object({
      name: z.string(),
      location: z.string(),
      samples: z.number().int().nonnegative(),
    }),
  }),
  model: z.object({ name: z.string(), args: z.record(z.string(), z.string()) }),
  config: z.object({
    epochs: z.number().int().positive(),
    reducer: z.string(),
    limit: z.number().int().positive().exactOptional(),
    maxConnections: z.number().int().positive(),
    seed: z.number().int().exactOptional(),
    failOnError: z.number().nonnegative(),
    generate: generateConfigSchema,
    limits: z.object({
      timeSeconds: z.number().positive().exactOptional(),
      messages: z.number().int().positive().exactOptional(),
      tokens: z.number().int().positive().exactOptional(),
    }),
    scorers: z.array(z.string()),
  }),
  /** Sample-epochs the run plans to finish. */
  plannedSamples: z.number().int().nonnegative(),
  vigil: z.object({ version: z.string(), gitRevision: z.string().exactOptional() }),
  /** The `vigil eval` arguments that started the run, secrets removed: what `--resume` replays. */
  command: z.array(z.string()).readonly().exactOptional(),
  /** The log this run resumed, whose finished samples it copied. */
  resumedFrom: z.string().exactOptional(),
});

export const sampleRecordSchema = z.object({
  type: z.literal('sample'),
  id: z.string(),
  epoch: z.number().int().positive(),
  input: z.union([z.string(), z.array(chatMessageSchema).readonly()]),
  target: z.union([z.string(), z.array(z.string()).readonly()]),
  choices: z.array(z.string()).readonly().exactOptional(),
  metadata: metadataSchema.exactOptional(),
  messages: z.array(chatMessageSchema).readonly(),
  output: z.string().exactOptional(),
  scores: z.record(z.string(), scoreSchema),
  events: z.array(sampleEventSchema),
  usage: usageSchema,
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  error: errorInfoSchema.exactOptional(),
  limit: z
    .object({ kind: z.enum(['time', 'messages', 'tokens', 'working', 'cost']), limit: z.number() })
    .exactOptional(),
});

const metricValueSchema = z.object({
  value: z.number(),
  stderr: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).readonly().nullable(),
  ciMethod: z.enum(['wilson', 'normal']).nullable(),
});

export const scorerMetricsSchema = z.object({
  scorer: z.string(),
  reducer: z.string(),
  scoredSamples: z.number().int().nonnegative(),
  unscoredSamples: z.number().int().nonnegative(),
  metrics: z.record(z.string(), metricValueSchema).readonly(),
});

export const runStatusSchema = z.enum(['success', 'error', 'cancelled']);

export const logFooterSchema = z.object({
  type: z.literal('footer'),
  status: runStatusSchema,
  completedAt: z.string(),
  results: z.object({
    plannedSamples: z.number().int().nonnegative(),
    completedSamples: z.number().int().nonnegative(),
    erroredSamples: z.number().int().nonnegative(),
    scorers: z.array(scorerMetricsSchema).readonly(),
  }),
  usage: usageSchema,
  durationMs: z.number().nonnegative(),
  error: errorInfoSchema.exactOptional(),
});

export const logRecordSchema = z.discriminatedUnion('type', [
  logHeaderSchema,
  sampleRecordSchema,
  logFooterSchema,
]);

export type LogHeader = z.infer<typeof logHeaderSchema>;
export type SampleRecord = z.infer<typeof sampleRecordSchema>;
export type LogFooter = z.infer<typeof logFooterSchema>;
export type LogRecord = z.infer<typeof logRecordSchema>;
export type SampleEvent = z.infer<typeof sampleEventSchema>;
export type ErrorInfo = z.infer<typeof errorInfoSchema>;
export type RunStatus = z.infer<typeof runStatusSchema>;
