import { ModelApiError } from '../errors/model-api-error.js';
import { SampleLimitError } from '../errors/sample-limit-error.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { Episode, SandboxProvider } from '../sandbox/sandbox-provider.js';
import type { SampleEvent, SampleRecord } from '../log/log-schema.js';
import { mergeGenerateConfig, type GenerateConfig } from '../model/generate-config.js';
import type { CallSample, ModelApi } from '../model/model-api.js';
import { addUsage, zeroUsage, type TokenUsage } from '../model/model-output.js';
import type { Score } from '../scorers/score.js';
import type { Generate } from '../solvers/solver.js';
import { inputMessages, targetList, type Sample } from '../task/sample.js';
import type { TaskState } from '../task/task-state.js';
import type { Task } from '../task/task.js';
import type { AdaptiveLimiter } from './adaptive-limiter.js';
import { callModelWithRetry } from './call-model.js';
import { errorInfo } from './error-info.js';
import { sampleSignal } from './sample-signal.js';
import type { RetryPolicy } from './retry-policy.js';

/** Thrown when the run was cancelled while this sample was in flight: the sample is not logged. */
export class SampleCancelled extends Error {
  override readonly name = 'SampleCancelled';
}

/** What one sample-epoch needs from the run around it. */
export interface SampleContext {
  readonly task: Task;
  readonly model: ModelApi;
  readonly connections: AdaptiveLimiter;
  readonly retry: RetryPolicy;
  readonly config: GenerateConfig;
  readonly runSignal: AbortSignal;
  readonly now: () => number;
  /** Starts the sample's episode when its task runs in a sandbox. */
  readonly sandboxes?: SandboxProvider;
}

function promptOf(sample: Sample): string {
  if (typeof sample.input === 'string') return sample.input;
  const lastUser = sample.input.findLast((message) => message.role === 'user');
  return lastUser?.content ?? '';
}

/** The sample's episode, when its task runs in a sandbox. */
async function startEpisode(
  sample: Sample,
  context: SampleContext,
  signal: AbortSignal,
): Promise<Episode | undefined> {
  const spec = context.task.sandbox?.(sample);
  if (spec === undefined) return undefined;
  if (context.sandboxes === undefined) {
    throw new SandboxError(
      'unavailable',
      `task ${context.task.name} runs in a sandbox, but this run has no sandbox provider`,
      {
        hint: 'run it from the CLI, or pass `sandboxes` to runEval',
      },
    );
  }
  return context.sandboxes.start(spec, signal);
}

/** Runs the solver and the scorers on one sample-epoch; failures become data on the record. */
export async function runSample(
  sample: Sample,
  epoch: number,
  context: SampleContext,
): Promise<SampleRecord> {
  const { task, model, connections, runSignal, now } = context;
  const startedAt = now();
  const events: SampleEvent[] = [];
  let usage: TokenUsage = zeroUsage;
  const deadline = sampleSignal(runSignal, task.limits.timeSeconds);
  const { signal } = deadline;

  const callSample: CallSample = {
    id: sample.id,
    epoch,
    ...(sample.metadata === undefined ? {} : { metadata: sample.metadata }),
    ...(sample.reference === undefined ? {} : { reference: sample.reference }),
  };
  const callModel: Generate = async (state, config = {}) => {
    if (task.limits.messages !== undefined && state.messages.length >= task.limits.messages) {
      throw new SampleLimitError('messages', task.limits.messages);
    }
    if (task.limits.tokens !== undefined && usage.totalTokens >= task.limits.tokens) {
      throw new SampleLimitError('tokens', task.limits.tokens);
    }
    const request = {
      messages: state.messages,
      tools: state.tools,
      config: mergeGenerateConfig(context.config, config),
    };
    const output = await callModelWithRetry(request, {
      model,
      connections,
      retry: context.retry,
      signal,
      sample: callSample,
      now,
      record: (event) => events.push(event),
    });
    usage = addUsage(usage, output.usage);
    return { ...state, messages: [...state.messages, output.message], output };
  };

  const prompt = promptOf(sample);
  let state: TaskState = {
    sample,
    epoch,
    messages: inputMessages(sample.input),
    tools: [],
    output: undefined,
    completed: false,
    prompt,
  };
  let failure: unknown;
  let limit: SampleLimitError | undefined;
  let episode: Episode | undefined;
  try {
    episode = await startEpisode(sample, context, signal);
    if (episode !== undefined)
      state = { ...state, sandbox: episode.agent, services: episode.services };
    state = await task.solver(
      state,
      async (current, config) => {
        state = current; // keep the latest state so a limit still scores what was done
        const next = await callModel(current, config);
        state = next;
        return next;
      },
      { signal },
    );
  } catch (error) {
    if (runSignal.aborted) {
      await episode?.close();
      throw new SampleCancelled('run cancelled');
    }
    if (error instanceof ModelApiError && error.stopsRun) {
      await episode?.close();
      throw error;
    }
    if (error instanceof SampleLimitError) limit = error;
    else if (deadline.timedOut())
      limit = new SampleLimitError('time', task.limits.timeSeconds ?? 0);
    else failure = error;
  } finally {
    deadline.dispose();
  }
  if (limit !== undefined) {
    events.push({
      type: 'sample-limit',
      timestamp: new Date(now()).toISOString(),
      kind: limit.kind,
      limit: limit.limit,
    });
  }

  const scores: Record<string, Score> = {};
  if (failure === undefined) {
    const targets = targetList(sample.target);
    for (const scorer of task.scorers) {
      try {
        const score = await scorer.score(state, targets, { signal: runSignal });
        scores[scorer.name] = score;
        events.push({
          type: 'score',
          timestamp: new Date(now()).toISOString(),
          scorer: scorer.name,
          score,
        });
      } catch (error) {
        if (runSignal.aborted) {
          await episode?.close();
          throw new SampleCancelled('run cancelled');
        }
        failure = error;
        break;
      }
    }
  }
  await episode?.close(); // after scoring: scorers may check outcomes inside the sandbox

  return {
    type: 'sample',
    id: sample.id,
    epoch,
    input: sample.input,
    target: sample.target,
    ...(sample.choices === undefined ? {} : { choices: [...sample.choices] }),
    ...(sample.metadata === undefined ? {} : { metadata: sample.metadata }),
    messages: state.messages,
    ...(state.output === undefined ? {} : { output: state.output.message.content }),
    scores,
    events,
    usage,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: now() - startedAt,
    ...(failure === undefined ? {} : { error: errorInfo(failure) }),
    ...(limit === undefined ? {} : { limit: { kind: limit.kind, limit: limit.limit } }),
  };
}
