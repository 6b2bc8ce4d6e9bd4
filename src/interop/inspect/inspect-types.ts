/**
 * The parts of Inspect's log format (schema version 2) that Vigil writes, as TypeScript types.
 * Field names are Inspect's (snake_case). Fields Inspect marks optional and Vigil has no value
 * for are left out, as Inspect itself leaves out empty fields.
 */

/** A JSON object with arbitrary fields. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Tokens spent, as Inspect counts them. */
export interface InspectModelUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly total_tokens: number;
}

/** Inspect's generation options (the subset Vigil has). */
export interface InspectGenerateConfig {
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly seed?: number;
  readonly stop_seqs?: readonly string[];
  readonly top_p?: number;
  readonly max_connections?: number;
}

/** A tool call the model asked for. */
export interface InspectToolCall {
  readonly id: string;
  readonly function: string;
  readonly arguments: JsonObject;
  readonly type: 'function';
  readonly parse_error?: string;
}

/** A chat message: system, user, assistant (with tool calls) or tool result. */
export type InspectChatMessage =
  | { readonly role: 'system'; readonly content: string }
  | { readonly role: 'user'; readonly content: string }
  | {
      readonly role: 'assistant';
      readonly content: string;
      readonly tool_calls?: readonly InspectToolCall[];
      readonly model?: string;
    }
  | {
      readonly role: 'tool';
      readonly content: string;
      readonly tool_call_id: string;
      readonly function?: string;
      readonly error?: { readonly type: 'unknown'; readonly message: string };
    };

/** What one model call returned. */
export interface InspectModelOutput {
  readonly model: string;
  readonly choices: readonly {
    readonly message: InspectChatMessage & { readonly role: 'assistant' };
    readonly stop_reason: string;
  }[];
  readonly completion: string;
  readonly usage?: InspectModelUsage;
  readonly time?: number;
  readonly error?: string;
}

/** A scorer's verdict; a NaN value is Inspect's "unscored" sentinel. */
export interface InspectScore {
  readonly value: number | string | boolean;
  readonly answer?: string;
  readonly explanation?: string;
  readonly metadata?: JsonObject;
  readonly history: readonly unknown[];
}

/** An error that ended a sample or a run. */
export interface InspectEvalError {
  readonly message: string;
  readonly traceback: string;
  readonly traceback_ansi: string;
}

interface EventBase {
  readonly timestamp: string;
  /** Seconds since the sample started. */
  readonly working_start: number;
  readonly metadata?: JsonObject;
}

/** A model call in a sample's transcript. */
export interface InspectModelEvent extends EventBase {
  readonly event: 'model';
  readonly model: string;
  readonly input: readonly InspectChatMessage[];
  readonly tools: readonly unknown[];
  readonly tool_choice: 'auto' | 'none';
  readonly config: InspectGenerateConfig;
  readonly output: InspectModelOutput;
  readonly cache?: 'read';
  readonly error?: string;
  readonly completed?: string;
  readonly working_time?: number;
}

/** A score in a sample's transcript. */
export interface InspectScoreEvent extends EventBase {
  readonly event: 'score';
  readonly score: InspectScore;
  readonly scorer?: string;
  readonly target?: string | readonly string[];
  readonly intermediate: boolean;
}

/** A limit that ended a sample. */
export interface InspectSampleLimitEvent extends EventBase {
  readonly event: 'sample_limit';
  readonly type: 'message' | 'time' | 'token' | 'working' | 'cost';
  readonly message: string;
  readonly limit?: number;
}

/** The error that ended a sample. */
export interface InspectErrorEvent extends EventBase {
  readonly event: 'error';
  readonly error: InspectEvalError;
}

/** The events Vigil writes into a sample's transcript. */
export type InspectEvent =
  InspectModelEvent | InspectScoreEvent | InspectSampleLimitEvent | InspectErrorEvent;

/** One sample-epoch, as `samples/{id}_epoch_{epoch}.json` holds it. */
export interface InspectEvalSample {
  readonly id: string;
  readonly epoch: number;
  readonly input: string | readonly InspectChatMessage[];
  readonly target: string | readonly string[];
  readonly choices?: readonly string[];
  readonly messages: readonly InspectChatMessage[];
  readonly output: InspectModelOutput;
  readonly scores?: Readonly<Record<string, InspectScore>>;
  readonly metadata: JsonObject;
  readonly store: JsonObject;
  readonly events: readonly InspectEvent[];
  readonly model_usage: Readonly<Record<string, InspectModelUsage>>;
  readonly role_usage: Readonly<Record<string, InspectModelUsage>>;
  readonly started_at: string;
  readonly completed_at: string;
  readonly total_time: number;
  readonly working_time: number;
  readonly uuid: string;
  readonly error?: InspectEvalError;
  readonly limit?: {
    readonly type: 'message' | 'time' | 'token' | 'working' | 'cost';
    readonly limit: number;
  };
  readonly attachments: Readonly<Record<string, string>>;
}

/** The light view of a sample that `summaries.json` and the journal hold. */
export interface InspectSampleSummary {
  readonly id: string;
  readonly epoch: number;
  readonly input: string | readonly InspectChatMessage[];
  readonly target: string | readonly string[];
  readonly choices?: readonly string[];
  readonly metadata: JsonObject;
  readonly scores?: Readonly<Record<string, InspectScore>>;
  readonly model_usage: Readonly<Record<string, InspectModelUsage>>;
  readonly role_usage: Readonly<Record<string, InspectModelUsage>>;
  readonly started_at: string;
  readonly completed_at: string;
  readonly total_time: number;
  readonly working_time: number;
  readonly uuid: string;
  readonly error?: string;
  readonly limit?: string;
  readonly completed: true;
  readonly message_count: number;
}

/** The run's identity and configuration. */
export interface InspectEvalSpec {
  readonly eval_id: string;
  readonly run_id: string;
  readonly created: string;
  readonly task: string;
  readonly task_id: string;
  readonly task_version: number;
  readonly task_attribs: JsonObject;
  readonly task_args: JsonObject;
  readonly task_args_passed: JsonObject;
  readonly dataset: { readonly name: string; readonly location: string; readonly samples: number };
  readonly model: string;
  readonly model_generate_config: InspectGenerateConfig;
  readonly model_args: JsonObject;
  readonly config: JsonObject;
  readonly revision?: { readonly type: 'git'; readonly origin: string; readonly commit: string };
  readonly packages: Readonly<Record<string, string>>;
  readonly metadata?: JsonObject;
  readonly scorers?: readonly { readonly name: string; readonly options: JsonObject }[];
}

/** The solver plan; Vigil's header does not record solver steps, so there are none. */
export interface InspectEvalPlan {
  readonly name: string;
  readonly steps: readonly unknown[];
  readonly config: InspectGenerateConfig;
}

/** One metric of one scorer. */
export interface InspectEvalMetric {
  readonly name: string;
  readonly value: number;
  readonly params: JsonObject;
  readonly metadata?: JsonObject;
}

/** A scorer's metrics over the run. */
export interface InspectEvalScore {
  readonly name: string;
  readonly scorer: string;
  readonly reducer?: string;
  readonly scored_samples: number;
  readonly unscored_samples: number;
  readonly params: JsonObject;
  readonly metrics: Readonly<Record<string, InspectEvalMetric>>;
  readonly metadata?: JsonObject;
}

/** The run's scores. */
export interface InspectEvalResults {
  readonly total_samples: number;
  readonly completed_samples: number;
  readonly scores: readonly InspectEvalScore[];
}

/** Timing and usage of the run. */
export interface InspectEvalStats {
  readonly started_at: string;
  readonly completed_at: string;
  readonly model_usage: Readonly<Record<string, InspectModelUsage>>;
  readonly role_usage: Readonly<Record<string, InspectModelUsage>>;
  readonly connection_limit_history: readonly unknown[];
}

/** How a run ended; `started` for a log whose run has not finished. */
export type InspectStatus = 'started' | 'success' | 'cancelled' | 'error';

/** `header.json`: the whole log without its samples. */
export interface InspectEvalLogHeader {
  readonly version: 2;
  readonly status: InspectStatus;
  readonly eval: InspectEvalSpec;
  readonly plan: InspectEvalPlan;
  readonly results?: InspectEvalResults;
  readonly stats: InspectEvalStats;
  readonly error?: InspectEvalError;
  readonly invalidated: boolean;
  readonly tags: readonly string[];
  readonly metadata: JsonObject;
}

/** A scorer's per-sample values after reducing the epochs, for `reductions.json`. */
export interface InspectSampleReductions {
  readonly scorer: string;
  readonly reducer: string;
  readonly samples: readonly {
    readonly sample_id: string;
    readonly value: number;
    readonly history: readonly unknown[];
  }[];
}
