import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogHeader } from '../../core/log/log-schema.js';
import type { ModelApi } from '../../core/model/model-api.js';
import { runEval } from '../../core/runner/run-eval.js';
import type { SandboxProvider } from '../../core/sandbox/sandbox-provider.js';
import type { Task } from '../../core/task/task.js';
import { JsonlLogSink } from '../../log-files/jsonl-log-sink.js';
import { logFileName } from '../../log-files/log-file-name.js';
import type { EvaluationRun, EvaluationTrack, Role } from '../../programme/index.js';
import type { JobRecord } from '../../queue/job.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import { programmeData } from '../data/programme-data.js';
import type { RunRecord } from '../data/records.js';
import { newId } from '../routes/shared/new-id.js';
import { batteryMetricsOf } from './battery-metrics.js';
import { readBuildInfo } from '../../config/build-info.js';
import type { AccessWatch } from './access-watch.js';
import type { JobAuthority, JobServices } from './job-authority.js';
import { transcriptRef } from './transcript-ref.js';

/** One task to run against a submission's model, and how. */
export interface TaskRunRequest {
  readonly task: Task;
  readonly track: EvaluationTrack;
  readonly limit?: number | undefined;
  readonly epochs?: number | undefined;
  /** Starts the task's episodes; asked for only when the task runs in a sandbox. */
  readonly sandboxes?: (() => Promise<SandboxProvider>) | undefined;
}

/** What every run of one job shares. */
export interface TaskRunContext {
  readonly services: JobServices;
  readonly authority: JobAuthority;
  readonly job: JobRecord;
  readonly submissionId: string;
  readonly modelId: string;
  readonly requestedBy: string;
  /** The requester's role when the job started, kept on each run. */
  readonly requestedByRole: Role;
  readonly model: ModelApi;
  readonly logDir: string;
  /** Sub-directory of the log directory, e.g. `battery/<submission>`. */
  readonly logFolder: string;
  readonly vigil: LogHeader['vigil'];
  /** Aborts the run: the job stopping, or the submission's access ending. */
  readonly signal: AbortSignal;
  /** Why `signal` fired, for the run's record. */
  readonly stopReason: () => string | undefined;
}

/** What a job knows when it builds its runs' context; the rest is read from the store. */
export type TaskRunSetting = Omit<
  TaskRunContext,
  'modelId' | 'requestedByRole' | 'vigil' | 'signal' | 'stopReason'
> & {
  readonly watch: AccessWatch;
};

/**
 * The context of a job's runs, read once per job: the submission's model id, the requester's
 * role, the build, the watch's signal.
 */
export async function taskRunContext(setting: TaskRunSetting): Promise<TaskRunContext> {
  const { watch, ...rest } = setting;
  const data = programmeData(setting.services.store.db);
  const [record, requester] = await Promise.all([
    data.submissions.get(setting.submissionId),
    data.accounts.get(setting.requestedBy),
  ]);
  return {
    ...rest,
    modelId: record?.submission.modelId ?? 'unknown',
    requestedByRole: requester?.user.role ?? 'coordinator',
    vigil: await readBuildInfo(),
    signal: watch.signal,
    stopReason: watch.reason,
  };
}

/** Starts the sandbox provider once, when the first sandboxed task of a job asks for it. */
export function sandboxesOnce(
  start: (() => Promise<SandboxProvider>) | undefined,
): (() => Promise<SandboxProvider>) | undefined {
  if (start === undefined) return undefined;
  let started: Promise<SandboxProvider> | undefined;
  return () => (started ??= start());
}

/**
 * A run's log holds every model query and answer: once the run ends it is sealed into the
 * store (kind `run-transcript`, by run id) and the file on disk is removed, so transcripts
 * rest encrypted like credentials and criteria. (While the run is going, the log streams to
 * disk: a crash leaves it there for the operator to seal or remove.)
 */
async function sealTranscript(
  sealed: SealedData,
  logDir: string,
  logPath: string,
  runId: string,
): Promise<void> {
  const file = join(logDir, logPath);
  let text: Buffer;
  try {
    text = await readFile(file);
  } catch {
    return; // the run failed before its log was created
  }
  await sealed.seal(transcriptRef(runId), text);
  await rm(file, { force: true });
}

const statusOf = { success: 'succeeded', cancelled: 'cancelled', error: 'failed' } as const;

/**
 * Runs one task as a run of the submission: records it as running, runs it through the
 * harness, seals its transcript, and records how it ended (the worker's `run.record`
 * decision audited). A task that fails — a sandbox the host cannot make, a broken endpoint —
 * is a failed run with its reason, not a failed job.
 */
export async function runTaskAsRun(
  context: TaskRunContext,
  request: TaskRunRequest,
): Promise<RunRecord> {
  const { services, job } = context;
  const data = programmeData(services.store.db);
  const runId = newId('run');
  const startedAt = services.clock.now();
  const logPath = logFileName(context.logFolder, request.task.name, runId.slice(4, 12), startedAt);
  const run: EvaluationRun = {
    id: runId,
    modelId: context.modelId,
    submissionId: context.submissionId,
    suite: request.task.name,
    track: request.track,
    logPath,
    status: 'running',
    metrics: {},
    queuedAt: job.enqueuedAt,
    startedAt: startedAt.toISOString(),
  };
  const started: RunRecord = {
    run,
    jobId: job.id,
    requestedBy: context.requestedBy,
    requestedByRole: context.requestedByRole,
  };
  await data.runs.insert(started);
  let finished: RunRecord;
  try {
    const result = await runEval({
      task: request.task,
      model: context.model,
      sink: new JsonlLogSink(join(context.logDir, logPath)),
      runId: runId.slice(4, 12),
      vigil: context.vigil,
      maxConnections: 4,
      failOnError: 0.2,
      signal: context.signal,
      ...(request.limit === undefined ? {} : { limit: request.limit }),
      ...(request.epochs === undefined ? {} : { epochs: request.epochs }),
      ...(request.task.sandbox === undefined || request.sandboxes === undefined
        ? {}
        : { sandboxes: await request.sandboxes() }),
    });
    const stopped = result.status === 'cancelled' ? context.stopReason() : undefined;
    const error = stopped ?? result.error?.message;
    finished = {
      ...started,
      run: {
        ...run,
        status: statusOf[result.status],
        metrics:
          result.status === 'success' ? batteryMetricsOf(request.task.name, result.scorers) : {},
        finishedAt: services.clock.now().toISOString(),
      },
      ...(error === undefined ? {} : { error: error.slice(0, 2000) }),
    };
  } catch (error) {
    finished = {
      ...started,
      run: { ...run, status: 'failed', finishedAt: services.clock.now().toISOString() },
      error: (error instanceof Error ? error.message : 'the run failed').slice(0, 2000),
    };
  }
  await sealTranscript(services.sealed, context.logDir, logPath, runId);
  await context.authority.require('run.record', context.submissionId, {
    runId,
    suite: request.task.name,
    status: finished.run.status,
  });
  await data.runs.update(finished);
  return finished;
}
