import { z } from 'zod';

/**
 * Zod schemas for the parts of an Inspect log (schema version 2) that `vigil log import`
 * reads. They are lenient like Inspect's own reader: unknown fields pass, empty (null)
 * fields are allowed wherever Inspect leaves them out, and defaults match Inspect's.
 */

/** The newest log schema version Vigil can read. */
export const inspectSchemaVersion = 2;

const objectSchema = z.record(z.string(), z.unknown());

/** A message's content: text, or a list of content parts (text, reasoning, images, ...). */
export const inspectContentSchema = z.union([
  z.string(),
  z.array(z.looseObject({ type: z.string(), text: z.string().nullish() })),
]);

const toolCallSchema = z.looseObject({
  id: z.string(),
  function: z.string(),
  arguments: objectSchema.nullish(),
  parse_error: z.string().nullish(),
});

const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: inspectContentSchema,
  tool_calls: z.array(toolCallSchema).nullish(),
});

/** A chat message of any role. */
export const inspectMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: inspectContentSchema }),
  z.looseObject({ role: z.literal('user'), content: inspectContentSchema }),
  assistantMessageSchema,
  z.looseObject({
    role: z.literal('tool'),
    content: inspectContentSchema,
    tool_call_id: z.string().nullish(),
    error: z.looseObject({ message: z.string() }).nullish(),
  }),
]);

const usageSchema = z.looseObject({
  input_tokens: z.number().default(0),
  output_tokens: z.number().default(0),
  total_tokens: z.number().default(0),
});

/** Generation options, of which Vigil keeps temperature, max tokens, seed, stops and top-p. */
export const inspectGenerateConfigSchema = z.looseObject({
  temperature: z.number().nullish(),
  max_tokens: z.number().nullish(),
  seed: z.number().nullish(),
  stop_seqs: z.array(z.string()).nullish(),
  top_p: z.number().nullish(),
  max_connections: z.number().nullish(),
});

const modelOutputSchema = z.looseObject({
  model: z.string().nullish(),
  choices: z
    .array(z.looseObject({ message: assistantMessageSchema, stop_reason: z.string().nullish() }))
    .default([]),
  completion: z.string().default(''),
  usage: usageSchema.nullish(),
  error: z.string().nullish(),
});

/** A score; its value may be a number, a string such as `C`, a boolean, a list or a dict. */
export const inspectScoreSchema = z.looseObject({
  value: z.unknown(),
  answer: z.string().nullish(),
  explanation: z.string().nullish(),
  metadata: objectSchema.nullish(),
});

const evalErrorSchema = z.looseObject({
  message: z.string(),
  traceback: z.string().default(''),
});

const eventBase = { timestamp: z.string(), metadata: objectSchema.nullish() };

/** A model call in a transcript; a condensed one lists its input as ranges of a pool. */
export const inspectModelEventSchema = z.looseObject({
  ...eventBase,
  event: z.literal('model'),
  model: z.string(),
  input: z.array(inspectMessageSchema).default([]),
  input_refs: z.array(z.tuple([z.number(), z.number()])).nullish(),
  config: inspectGenerateConfigSchema.default({}),
  output: modelOutputSchema,
  cache: z.string().nullish(),
  error: z.string().nullish(),
  completed: z.string().nullish(),
  working_time: z.number().nullish(),
});

/** A score in a transcript. */
export const inspectScoreEventSchema = z.looseObject({
  ...eventBase,
  event: z.literal('score'),
  score: inspectScoreSchema,
  scorer: z.string().nullish(),
  intermediate: z.boolean().default(false),
});

/** A limit that stopped a sample. */
export const inspectLimitEventSchema = z.looseObject({
  ...eventBase,
  event: z.literal('sample_limit'),
  type: z.string(),
  limit: z.number().nullish(),
});

/** The error that ended a sample. */
export const inspectErrorEventSchema = z.looseObject({
  ...eventBase,
  event: z.literal('error'),
  error: evalErrorSchema,
});

/** One sample-epoch from `samples/{id}_epoch_{epoch}.json`. */
export const inspectSampleSchema = z.looseObject({
  id: z.union([z.string(), z.number()]),
  epoch: z.number().int().positive(),
  input: z.union([z.string(), z.array(inspectMessageSchema)]),
  target: z.union([z.string(), z.array(z.string())]),
  choices: z.array(z.string()).nullish(),
  metadata: objectSchema.default({}),
  messages: z.array(inspectMessageSchema).default([]),
  output: modelOutputSchema.nullish(),
  scores: z.record(z.string(), inspectScoreSchema).nullish(),
  events: z.array(z.looseObject({ event: z.string() })).default([]),
  model_usage: z.record(z.string(), usageSchema).default({}),
  started_at: z.string().nullish(),
  completed_at: z.string().nullish(),
  total_time: z.number().nullish(),
  working_time: z.number().nullish(),
  error: evalErrorSchema.nullish(),
  limit: z.looseObject({ type: z.string(), limit: z.number() }).nullish(),
});

/** The run's identity and configuration (`eval` in the header and in `_journal/start.json`). */
export const inspectEvalSpecSchema = z.looseObject({
  eval_id: z.string().nullish(),
  run_id: z.string(),
  created: z.string(),
  task: z.string(),
  task_id: z.string().nullish(),
  dataset: z
    .looseObject({
      name: z.string().nullish(),
      location: z.string().nullish(),
      samples: z.number().nullish(),
    })
    .default({}),
  model: z.string(),
  model_generate_config: inspectGenerateConfigSchema.default({}),
  model_args: objectSchema.default({}),
  config: z
    .looseObject({
      epochs: z.number().nullish(),
      epochs_reducer: z.array(z.string()).nullish(),
      limit: z.union([z.number(), z.array(z.number())]).nullish(),
      fail_on_error: z.union([z.boolean(), z.number()]).nullish(),
      time_limit: z.number().nullish(),
      message_limit: z.number().nullish(),
      token_limit: z.number().nullish(),
    })
    .default({}),
  revision: z.looseObject({ commit: z.string() }).nullish(),
  packages: z.record(z.string(), z.string()).default({}),
  metadata: objectSchema.nullish(),
  scorers: z.array(z.looseObject({ name: z.string() })).nullish(),
});

const evalScoreSchema = z.looseObject({ name: z.string(), scorer: z.string() });

/** `header.json`: the log without its samples. */
export const inspectHeaderSchema = z.looseObject({
  version: z.number().int().default(inspectSchemaVersion),
  status: z.enum(['started', 'success', 'cancelled', 'error']).default('started'),
  eval: inspectEvalSpecSchema,
  results: z
    .looseObject({
      total_samples: z.number().nullish(),
      scores: z.array(evalScoreSchema).default([]),
    })
    .nullish(),
  stats: z
    .looseObject({ started_at: z.string().nullish(), completed_at: z.string().nullish() })
    .default({}),
  error: evalErrorSchema.nullish(),
});

/** `_journal/start.json`: what a run wrote when it began. */
export const inspectStartSchema = z.looseObject({
  version: z.number().int().default(inspectSchemaVersion),
  eval: inspectEvalSpecSchema,
});

/** The rows of `summaries.json`: enough to learn the scorer names without reading samples. */
export const inspectSummariesSchema = z.array(
  z.looseObject({ scores: z.record(z.string(), z.unknown()).nullish() }),
);

/** A chat message as read from an Inspect log. */
export type InspectMessageInput = z.infer<typeof inspectMessageSchema>;
/** Message content as read from an Inspect log. */
export type InspectContentInput = z.infer<typeof inspectContentSchema>;
/** A sample as read from an Inspect log. */
export type InspectSampleInput = z.infer<typeof inspectSampleSchema>;
/** An `EvalSpec` as read from an Inspect log. */
export type InspectEvalSpecInput = z.infer<typeof inspectEvalSpecSchema>;
/** `header.json` as read from an Inspect log. */
export type InspectHeaderInput = z.infer<typeof inspectHeaderSchema>;
/** A score as read from an Inspect log. */
export type InspectScoreInput = z.infer<typeof inspectScoreSchema>;
/** Generation options as read from an Inspect log. */
export type InspectGenerateConfigInput = z.infer<typeof inspectGenerateConfigSchema>;
/** An `EvalError` as read from an Inspect log. */
export type InspectEvalErrorInput = z.infer<typeof evalErrorSchema>;
