import { ModelApiError } from '../errors/model-api-error.js';
import type { SampleEvent } from '../log/log-schema.js';
import type { CallSample, ModelApi, ModelRequest } from '../model/model-api.js';
import type { ModelOutput } from '../model/model-output.js';
import { abortableDelay } from './abortable-delay.js';
import type { AdaptiveLimiter } from './adaptive-limiter.js';
import { errorInfo } from './error-info.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';

/** What a model call needs from the run around it. */
export interface ModelCallContext {
  readonly model: ModelApi;
  readonly connections: AdaptiveLimiter;
  readonly retry: RetryPolicy;
  readonly signal: AbortSignal;
  /** The sample the call is for, passed on to the model. */
  readonly sample?: CallSample;
  readonly now: () => number;
  /** Receives one `model-call` event per attempt, failed ones included. */
  readonly record: (event: SampleEvent) => void;
}

type ModelCallEvent = Extract<SampleEvent, { type: 'model-call' }>;

function isThrottle(error: unknown): boolean {
  return (
    error instanceof ModelApiError &&
    (error.reason === 'rate_limit' || error.reason === 'overloaded')
  );
}

/**
 * Calls the model with retries: a retryable failure waits (Retry-After, else backoff with
 * jitter) and tries again, up to the policy's count; a throttle also cuts the endpoint's
 * concurrency. Every attempt becomes an event, so the log shows the whole story.
 */
export async function callModelWithRetry(
  request: ModelRequest,
  context: ModelCallContext,
): Promise<ModelOutput> {
  const { model, connections, signal, now } = context;
  const config: ModelCallEvent['config'] = request.config;
  for (let attempt = 1; ; attempt += 1) {
    await connections.acquire(signal);
    const started = now();
    /** What every attempt's event says, whether it succeeded or not. */
    const attemptEvent = (modelName: string) => ({
      type: 'model-call' as const,
      timestamp: new Date(started).toISOString(),
      durationMs: now() - started,
      model: modelName,
      inputMessages: request.messages.length,
      config,
      ...(attempt > 1 ? { attempt } : {}),
    });
    let failure: unknown;
    try {
      const output = await model.generate(request, {
        signal,
        ...(context.sample === undefined ? {} : { sample: context.sample }),
      });
      connections.onSuccess();
      context.record({
        ...attemptEvent(output.model),
        output: {
          content: output.message.content,
          ...(output.message.toolCalls === undefined
            ? {}
            : { toolCalls: output.message.toolCalls }),
          stopReason: output.stopReason,
        },
        usage: output.usage,
        ...(output.cached === true ? { cached: true } : {}),
      });
      return output;
    } catch (error) {
      failure = error;
    } finally {
      connections.release();
    }
    if (isThrottle(failure)) connections.onThrottle();
    const retryable =
      !signal.aborted &&
      failure instanceof ModelApiError &&
      failure.isRetryable &&
      !failure.stopsRun &&
      attempt <= context.retry.maxRetries;
    const wait = retryable
      ? retryDelayMs(attempt, context.retry, (failure as ModelApiError).retryAfterMs)
      : undefined;
    context.record({
      ...attemptEvent(model.name),
      error: errorInfo(failure),
      ...(wait === undefined ? {} : { retryInMs: wait }),
    });
    if (wait === undefined) throw failure;
    await abortableDelay(wait, signal);
  }
}
