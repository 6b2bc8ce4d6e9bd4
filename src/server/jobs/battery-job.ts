import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { readBuildInfo } from '../../config/build-info.js';
import { runEval } from '../../core/runner/run-eval.js';
import { JsonlLogSink } from '../../log-files/jsonl-log-sink.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import { transcriptRef } from './transcript-ref.js';
import { logFileName } from '../../log-files/log-file-name.js';
import { authorize, type Action, type EvaluationRun } from '../../programme/index.js';
import { UnrecoverableJobError } from '../../queue/errors/unrecoverable-job-error.js';
import type { JobHandler } from '../../queue/job-runner.js';
import { SealedDataError } from '../../sealed/errors/sealed-data-error.js';
import { loadSubject } from '../authorization/load-subject.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { programmeData } from '../data/programme-data.js';
import type { Account, RunRecord } from '../data/records.js';
import { credentialSchema } from '../routes/credential.js';
import { newId } from '../routes/shared/new-id.js';
import { submissionResource } from '../routes/shared/submission-resource.js';
import type { Services } from '../services.js';
import { batteryMetricsOf } from './battery-metrics.js';
import type { BatterySuites } from './battery-suites.js';
import type { ResolveCredentialModel } from './credential-model.js';

const payloadSchema = z.object({ submissionId: z.string(), requestedBy: z.string() }).strict();

export interface BatteryJobOptions {
  readonly services: Pick<Services, 'store' | 'audit' | 'sealed' | 'clock'>;
  /** The worker account the job acts as; the policy decides for it like for anyone. */
  readonly workerUserId: string;
  readonly logDir: string;
  readonly suites: BatterySuites;
  readonly resolveModel: ResolveCredentialModel;
}

/**
 * The designation battery as a job. It acts as the worker identity: the policy must allow it
 * to write evaluation data for the submission and to record runs (each decision audited); it
 * reaches the model only through the developer's stored credential, unsealed here (the read
 * audited) and never logged or returned. It stops as soon as the submission leaves
 * `qualifying` — a withdrawal ends it between tasks — and writes each task as a run linked to
 * its eval log.
 */
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

export function batteryJobHandler(options: BatteryJobOptions): JobHandler {
  const { services } = options;
  const source = `worker ${process.pid}@${hostname()}`;

  const decide = async (account: Account, action: Action, submissionId: string): Promise<void> => {
    const data = programmeData(services.store.db);
    const record = await data.submissions.get(submissionId);
    if (record === undefined) throw new UnrecoverableJobError(`submission ${submissionId} is gone`);
    const resource = await submissionResource(data, record, { evaluation: true });
    const decision = authorize(
      await loadSubject(data, account),
      action,
      resource,
      services.clock.now().toISOString(),
    );
    await services.audit.append({
      actor: account.user.id,
      action,
      source,
      outcome: decision.allowed ? 'allowed' : 'denied',
      objectId: submissionId,
      objectMarking: resource.marking,
      details: {
        rule: decision.rule,
        reason: decision.reason,
        role: account.user.role,
        via: 'job',
      },
    });
    if (!decision.allowed) {
      throw new UnrecoverableJobError(
        `the worker may not ${action} on submission ${submissionId}: ${decision.reason}`,
        {
          hint: `a security officer reads ${account.username} into the submission's compartments and issues it a need-to-know grant`,
        },
      );
    }
  };

  const stillQualifying = async (submissionId: string): Promise<boolean> => {
    const record = await programmeData(services.store.db).submissions.get(submissionId);
    return record?.submission.state === 'qualifying';
  };

  return async (job, signal) => {
    const payload = payloadSchema.safeParse(job.payload);
    if (!payload.success) throw new UnrecoverableJobError('the battery job has no submission id');
    const { submissionId, requestedBy } = payload.data;
    const data = programmeData(services.store.db);
    const worker = await data.accounts.get(options.workerUserId);
    if (worker === undefined || worker.disabledAt !== undefined) {
      throw new UnrecoverableJobError(
        `the worker account ${options.workerUserId} is missing or disabled`,
      );
    }
    if (!(await stillQualifying(submissionId))) {
      throw new UnrecoverableJobError(
        `submission ${submissionId} is not qualifying: the battery does not run`,
      );
    }
    await decide(worker, 'evaluation.write', submissionId);
    const record = await data.submissions.get(submissionId);
    let credentialText: string | undefined;
    try {
      credentialText = await data.submissions.openCredential(
        submissionId,
        services.sealed,
        auditSealedRead(services, {
          actor: worker.user.id,
          source,
          purpose: `designation battery (job ${job.id})`,
          ...(record === undefined ? {} : { marking: record.marking }),
        }),
      );
    } catch (error) {
      if (error instanceof SealedDataError) {
        throw new UnrecoverableJobError(`the access credential cannot be used: ${error.message}`);
      }
      throw error;
    }
    if (credentialText === undefined) {
      throw new UnrecoverableJobError(`submission ${submissionId} has no access grant`, {
        hint: 'the developer stores the endpoint credential: PUT /api/submissions/{submissionId}/access-grant',
      });
    }
    const credential = credentialSchema.parse(JSON.parse(credentialText));
    const requester = await data.accounts.get(requestedBy);
    const model = await options.resolveModel(credential);
    const vigil = await readBuildInfo();
    const runIds: string[] = [];
    try {
      for (const { task, limit } of await options.suites()) {
        if (signal.aborted || !(await stillQualifying(submissionId))) break;
        const runId = newId('run');
        const startedAt = services.clock.now();
        const path = logFileName(
          join('battery', submissionId),
          task.name,
          runId.slice(4, 12),
          startedAt,
        );
        const run: EvaluationRun = {
          id: runId,
          modelId: record?.submission.modelId ?? 'unknown',
          submissionId,
          suite: task.name,
          track: 'digital_infrastructure',
          logPath: path,
          status: 'running',
          metrics: {},
          queuedAt: job.enqueuedAt,
          startedAt: startedAt.toISOString(),
        };
        const runRecord: RunRecord = {
          run,
          jobId: job.id,
          requestedBy,
          requestedByRole: requester?.user.role ?? 'coordinator',
        };
        await data.runs.insert(runRecord);
        runIds.push(runId);
        let finished: RunRecord;
        try {
          const result = await runEval({
            task,
            model,
            sink: new JsonlLogSink(join(options.logDir, path)),
            runId: runId.slice(4, 12),
            vigil,
            maxConnections: 4,
            failOnError: 0.2,
            signal,
            ...(limit === undefined ? {} : { limit }),
          });
          finished = {
            ...runRecord,
            run: {
              ...run,
              status:
                result.status === 'success'
                  ? 'succeeded'
                  : result.status === 'cancelled'
                    ? 'cancelled'
                    : 'failed',
              metrics:
                result.status === 'success' ? batteryMetricsOf(task.name, result.scorers) : {},
              finishedAt: services.clock.now().toISOString(),
            },
            ...(result.error === undefined ? {} : { error: result.error.message.slice(0, 2000) }),
          };
        } catch (error) {
          finished = {
            ...runRecord,
            run: { ...run, status: 'failed', finishedAt: services.clock.now().toISOString() },
            error: (error instanceof Error ? error.message : 'the run failed').slice(0, 2000),
          };
        }
        await sealTranscript(services.sealed, options.logDir, path, runId);
        await decide(worker, 'run.record', submissionId);
        await data.runs.update(finished);
      }
    } finally {
      await model.close?.();
    }
    return { submissionId, runIds };
  };
}
