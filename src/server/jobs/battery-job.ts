import { join } from 'node:path';
import { z } from 'zod';
import type { SandboxProvider } from '../../core/sandbox/sandbox-provider.js';
import { UnrecoverableJobError } from '../../queue/errors/unrecoverable-job-error.js';
import type { JobHandler } from '../../queue/job-runner.js';
import { programmeData } from '../data/programme-data.js';
import { watchAccess } from './access-watch.js';
import type { BatterySuites, BatteryTask } from './battery-suites.js';
import type { ResolveCredentialModel } from './credential-model.js';
import { jobAuthority, type JobAuthority, type JobServices } from './job-authority.js';
import { runTaskAsRun, sandboxesOnce, taskRunContext } from './run-task.js';
import {
  activeBenchmarks,
  openSealedBenchmarkForJob,
  sealedBenchmarkTask,
} from './sealed-benchmark-task.js';
import { openSubmissionModel } from './submission-model.js';

const payloadSchema = z.object({ submissionId: z.string(), requestedBy: z.string() }).strict();

export interface BatteryJobOptions {
  readonly services: JobServices;
  /** The worker account the job acts as; the policy decides for it like for anyone. */
  readonly workerUserId: string;
  readonly logDir: string;
  readonly suites: BatterySuites;
  readonly resolveModel: ResolveCredentialModel;
  /** Starts sandboxed suites' episodes; made once per job, when a suite needs it. */
  readonly sandboxes?: () => Promise<SandboxProvider>;
  /** How often a running battery checks that the submission still qualifies (default 2 s). */
  readonly watchIntervalMs?: number;
}

/** The sealed benchmark item sets marked for the battery, opened as the worker, all items each. */
async function sealedBatteryTasks(
  services: JobServices,
  authority: JobAuthority,
  purpose: string,
): Promise<BatteryTask[]> {
  const tasks: BatteryTask[] = [];
  for (const benchmark of await activeBenchmarks(programmeData(services.store.db), {
    inBattery: true,
  })) {
    const body = await openSealedBenchmarkForJob(services, authority, benchmark, purpose);
    tasks.push({
      task: sealedBenchmarkTask(benchmark, body),
      track: benchmark.track,
      limit: undefined,
    });
  }
  return tasks;
}

/**
 * The designation battery as a job. It acts as the worker identity: the policy must allow it
 * to write evaluation data for the submission and to record runs (each decision audited); it
 * reaches the model only through the developer's stored credential. The built-in suites of the
 * setting run first, then every sealed benchmark item set marked for the battery. It stops as soon as the
 * submission leaves `qualifying` — a withdrawal aborts the task in hand — and writes each task
 * as a run linked to its sealed eval log.
 */
export function batteryJobHandler(options: BatteryJobOptions): JobHandler {
  const { services } = options;
  const stateOf = async (submissionId: string) =>
    (await programmeData(services.store.db).submissions.get(submissionId))?.submission.state;

  return async (job, signal) => {
    const payload = payloadSchema.safeParse(job.payload);
    if (!payload.success) throw new UnrecoverableJobError('the battery job has no submission id');
    const { submissionId, requestedBy } = payload.data;
    const authority = await jobAuthority(services, options.workerUserId);
    if ((await stateOf(submissionId)) !== 'qualifying') {
      throw new UnrecoverableJobError(
        `submission ${submissionId} is not qualifying: the battery does not run`,
      );
    }
    await authority.require('evaluation.write', submissionId);
    // The sealed item sets are opened first, so a worker not read into them fails the job
    // before any model call.
    const sealedTasks = await sealedBatteryTasks(
      services,
      authority,
      `designation battery (job ${job.id})`,
    );
    const model = await openSubmissionModel(
      services,
      authority,
      submissionId,
      `designation battery (job ${job.id})`,
      options.resolveModel,
    );
    const watch = watchAccess(
      signal,
      async () => {
        const state = await stateOf(submissionId);
        return state === 'qualifying'
          ? undefined
          : `the submission left qualifying (${state ?? 'gone'}) during the run`;
      },
      options.watchIntervalMs ?? 2000,
    );
    const context = await taskRunContext({
      services,
      authority,
      job,
      submissionId,
      requestedBy,
      model,
      logDir: options.logDir,
      logFolder: join('battery', submissionId),
      watch,
    });
    const runIds: string[] = [];
    const sandboxes = sandboxesOnce(options.sandboxes);
    try {
      for (const { task, track, limit } of [...(await options.suites()), ...sealedTasks]) {
        if (!(await watch.check())) break;
        const finished = await runTaskAsRun(context, {
          task,
          track,
          limit,
          sandboxes,
        });
        runIds.push(finished.run.id);
      }
    } finally {
      watch.stop();
      await model.close?.();
    }
    return { submissionId, runIds };
  };
}
