import type { ErrorInfo, LogHeader, RunStatus, SampleRecord } from '../log/log-schema.js';
import type { LogSink } from '../log/log-sink.js';
import type { ScorerMetrics } from '../metrics/metric-value.js';
import type { ModelApi } from '../model/model-api.js';
import type { TokenUsage } from '../model/model-output.js';
import type { SandboxProvider } from '../sandbox/sandbox-provider.js';
import type { Task } from '../task/task.js';
import type { RetryPolicy } from './retry-policy.js';
import type { RunProgress } from './run-progress.js';

/** A previous log to continue: its finished samples are copied, not run again. */
export interface ResumeFrom {
  /** Where the previous log is, for the new header. */
  readonly from: string;
  /** The previous log's sample records, streamed. */
  readonly records: () => AsyncIterable<SampleRecord>;
  /** Run errored samples again instead of copying them. */
  readonly retryErrors: boolean;
}

/** Everything a run needs; the caller builds the adapters. */
export interface RunOptions {
  readonly task: Task;
  readonly model: ModelApi;
  readonly sink: LogSink;
  readonly runId: string;
  readonly vigil: LogHeader['vigil'];
  /** Model arguments as given (`-M key=value`), already redacted. */
  readonly modelArgs?: Readonly<Record<string, string>>;
  /** The command line that started the run, secrets removed. */
  readonly command?: readonly string[];
  /** Overrides the task's epochs. */
  readonly epochs?: number;
  /** Runs only the first N samples. */
  readonly limit?: number;
  /** Most model calls in flight at once; the endpoint's throttling may lower it for a while. */
  readonly maxConnections: number;
  /** Most samples in progress at once; defaults to `maxConnections`. */
  readonly maxSamples?: number;
  /** Seeds each sample-epoch's generate config, reproducibly. */
  readonly seed?: number;
  /** Stop when errored samples exceed this: a fraction of planned samples if < 1, a count if >= 1. */
  readonly failOnError: number;
  /** How failed model calls are retried; defaults to `defaultRetryPolicy`. */
  readonly retry?: RetryPolicy;
  readonly resume?: ResumeFrom;
  /** Starts each sample's episode, for tasks that run in a sandbox. */
  readonly sandboxes?: SandboxProvider;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RunProgress) => void;
  readonly now?: () => number;
}

/** How a run ended, as also written in the log's footer. */
export interface RunResult {
  readonly status: RunStatus;
  readonly location: string;
  readonly plannedSamples: number;
  readonly completedSamples: number;
  readonly erroredSamples: number;
  /** Samples copied from the log this run resumed. */
  readonly copiedSamples: number;
  readonly scorers: readonly ScorerMetrics[];
  readonly usage: TokenUsage;
  readonly error?: ErrorInfo;
}
