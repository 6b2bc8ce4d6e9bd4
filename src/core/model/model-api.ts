import type { ReferenceSolution } from '../task/reference-solution.js';
import type { Metadata } from '../task/sample.js';
import type { ChatMessage } from './chat-message.js';
import type { GenerateConfig } from './generate-config.js';
import type { ModelOutput } from './model-output.js';
import type { ToolChoice, ToolDefinition } from './tool.js';

/** Everything one model call needs. */
export interface ModelRequest {
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly ToolDefinition[];
  readonly toolChoice?: ToolChoice;
  readonly config: GenerateConfig;
}

/** The sample a call is made for. Endpoints ignore it; reference agents act on it. */
export interface CallSample {
  readonly id: string;
  readonly epoch: number;
  readonly metadata?: Metadata;
  readonly reference?: ReferenceSolution;
}

/** Per-call options that are not part of the request itself. */
export interface ModelCallOptions {
  readonly signal?: AbortSignal;
  readonly sample?: CallSample;
}

/**
 * The model port: one required method. Adapters throw `ModelApiError` with `isRetryable`
 * set; the runner, not the adapter, decides what a failure means for the sample.
 */
export interface ModelApi {
  /** `provider/model`, as the user named it. */
  readonly name: string;
  generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelOutput>;
  /**
   * Checks once, before a run, that the endpoint answers and accepts the key and the model;
   * throws a ModelApiError naming what to fix.
   */
  preflight?(options?: ModelCallOptions): Promise<void>;
  /** Releases connections and timers; called once when the run ends. */
  close?(): Promise<void>;
}
