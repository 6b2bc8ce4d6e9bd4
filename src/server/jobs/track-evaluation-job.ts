import { join } from 'node:path';
import { VigilError } from '../../core/errors/vigil-error.js';
import type { SandboxProvider } from '../../core/sandbox/sandbox-provider.js';
import type { Task } from '../../core/task/task.js';
import { windowCountdown } from '../../programme/index.js';
import { UnrecoverableJobError } from '../../queue/errors/unrecoverable-job-error.js';
import type { JobHandler } from '../../queue/job-runner.js';
import { programmeData } from '../data/programme-data.js';
import { watchAccess } from './access-watch.js';
import type { ResolveCredentialModel } from './credential-model.js';
import { jobAuthority, type JobServices } from './job-authority.js';
import { runTaskAsRun, sandboxesOnce, taskRunContext } from './run-task.js';
import {
  activeBenchmarks,
  openSealedBenchmarkForJob,
  sealedBenchmarkTask,
} from './sealed-benchmark-task.js';
import { openSubmissionModel } from './submission-model.js';
import type { ResolveTrackSuite } from './suite-catalogue.js';
import { trackEvaluationPayloadSchema } from './track-evaluation-job-kind.js';

export interface TrackEvaluationJobOptions {
  readonly services: JobServices;
  /** The worker account the job acts as; the policy decides for it like for anyone. */
  readonly workerUserId: string;
  readonly logDir: string;
  readonly resolveModel: ResolveCredentialModel;
  readonly resolveSuite: ResolveTrackSuite;
  /** Starts sandboxed suites' episodes; made once per job, when a suite needs it. */
  readonly sandboxes: () => Promise<SandboxProvider>;
  /** How often a running evaluation checks that the window is still open (default 2 s). */
  readonly watchIntervalMs?: number;
}

/**
 * A track's evaluation as a job: the suites an evaluator launched (built-in ones, and sealed
 * benchmark item sets of the track, opened as the worker), run as the worker against
 * the submission's model through the developer's stored credential, each as a run with its
 * sealed transcript. Model access lasts exactly as long as the window: every run needs the
 * worker's `model.query` (window open, audited), and a withdrawal, a release or the window's
 * end aborts the run in hand within seconds and skips the rest.
 */
export function trackEvaluationJobHandler(options: TrackEvaluationJobOptions): JobHandler {
  const { services } = options;
  const windowEnded = async (submissionId: string): Promise<string | undefined> => {
    const record = await programmeData(services.store.db).submissions.get(submissionId);
    if (record === undefined) return 'the submission is gone';
    const window = record.submission.window;
    if (window === undefined) return 'no access window has opened';
    const countdown = windowCountdown(window, services.clock.now().toISOString());
    return countdown.open
      ? undefined
      : `the access window closed at ${countdown.closesAt} (${countdown.reason})`;
  };

  return async (job, signal) => {
    const parsed = trackEvaluationPayloadSchema.safeParse(job.payload);
    if (!parsed.success) {
      throw new UnrecoverableJobError('the track evaluation job names no submission or suites');
    }
    const { submissionId, requestedBy, track, suites, limit, epochs } = parsed.data;
    const authority = await jobAuthority(services, options.workerUserId);
    const closed = await windowEnded(submissionId);
    if (closed !== undefined) {
      throw new UnrecoverableJobError(`the ${track} evaluation does not run: ${closed}`);
    }
    await authority.require('evaluation.write', submissionId, { track });
    await authority.require('model.query', submissionId, { track, suites });
    const tasks: Task[] = [];
    const sealedSets = await activeBenchmarks(programmeData(services.store.db), { track });
    for (const name of suites) {
      const benchmark = sealedSets.find((candidate) => candidate.name === name);
      if (benchmark !== undefined) {
        const purpose = `${track} evaluation (job ${job.id})`;
        const body = await openSealedBenchmarkForJob(services, authority, benchmark, purpose);
        tasks.push(sealedBenchmarkTask(benchmark, body));
        continue;
      }
      try {
        tasks.push(await options.resolveSuite(name, track));
      } catch (error) {
        const message = error instanceof VigilError ? error.describe() : String(error);
        throw new UnrecoverableJobError(`suite ${name} cannot run: ${message}`);
      }
    }
    const model = await openSubmissionModel(
      services,
      authority,
      submissionId,
      `${track} evaluation (job ${job.id})`,
      options.resolveModel,
    );
    const watch = watchAccess(
      signal,
      () => windowEnded(submissionId),
      options.watchIntervalMs ?? 2000,
    );
    const sandboxes = sandboxesOnce(options.sandboxes);
    const context = await taskRunContext({
      services,
      authority,
      job,
      submissionId,
      requestedBy,
      model,
      logDir: options.logDir,
      logFolder: join('tracks', submissionId, track),
      watch,
    });
    const runIds: string[] = [];
    const skipped: string[] = [];
    try {
      for (const task of tasks) {
        if (!(await watch.check())) {
          skipped.push(task.name);
          continue;
        }
        await authority.require('model.query', submissionId, { track, suite: task.name });
        const finished = await runTaskAsRun(context, {
          task,
          track,
          limit,
          epochs,
          sandboxes,
        });
        runIds.push(finished.run.id);
      }
    } finally {
      watch.stop();
      await model.close?.();
    }
    return {
      submissionId,
      track,
      runIds,
      ...(skipped.length === 0
        ? {}
        : { skipped, stoppedBecause: watch.reason() ?? 'the job stopped' }),
    };
  };
}
