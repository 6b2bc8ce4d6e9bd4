import type { CliIo } from '../../cli/cli-io.js';
import { programmeData } from '../data/programme-data.js';
import type { Account } from '../data/records.js';
import type { RunningService } from '../open-service.js';
import { recordChange } from '../routes/shared/record-change.js';
import type { EventActor } from '../routes/shared/record-event.js';
import { trackEvaluationJobKind } from '../jobs/track-evaluation-job-kind.js';
import { say } from './demo-determination.js';

/** Waits for a job to end (or the service to stop); says how it ended. */
export async function waitForJob(
  service: RunningService,
  jobId: string,
  signal: AbortSignal,
): Promise<string> {
  for (;;) {
    const job = await service.services.queue.status(jobId);
    if (job === undefined) return 'vanished';
    if (job.status === 'succeeded') return 'succeeded';
    if (job.status === 'failed') return `failed: ${job.error ?? 'no reason'}`;
    if (signal.aborted) return 'was interrupted';
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The suites the demo's CISA lead runs on the digital-infrastructure track once the window opens. */
const demoTrackSuites = ['cyber.knowledge', 'sealed.cyber_demo'];

/**
 * With the window open, the CISA lead (assigned to the digital-infrastructure track, read into
 * the sealed sets) launches a track evaluation, as `POST /api/submissions/{id}/evaluations`
 * would; the worker runs it and the runs are printed.
 */
export async function runDemoTrackEvaluation(
  service: RunningService,
  submissionId: string,
  lead: Account,
  leadActor: EventActor,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  const { services } = service;
  const job = await services.queue.enqueue({
    kind: trackEvaluationJobKind,
    payload: {
      submissionId,
      requestedBy: lead.user.id,
      track: 'digital_infrastructure',
      suites: demoTrackSuites,
      limit: 10,
    },
    maxAttempts: 1,
  });
  const record = await programmeData(services.store.db).submissions.get(submissionId);
  await recordChange(services, leadActor, {
    action: 'evaluation.launched',
    objectId: submissionId,
    ...(record === undefined ? {} : { objectMarking: record.marking }),
    details: { jobId: job.id, track: 'digital_infrastructure', suites: demoTrackSuites },
  });
  say(io, `Demo programme: ${lead.username} runs ${demoTrackSuites.join(', ')} on the window …`);
  const settled = await waitForJob(service, job.id, signal);
  if (settled !== 'succeeded') {
    say(io, `  the track evaluation ${settled} (see GET /api/jobs/${job.id})`);
    return;
  }
  const runs = await programmeData(services.store.db).runs.list(submissionId);
  for (const { run } of runs.filter((entry) => entry.jobId === job.id)) {
    const metrics = Object.entries(run.metrics)
      .map(([name, metric]) => `${name} ${metric.value.toFixed(3)}`)
      .join(', ');
    say(io, `  track run ${run.suite}: ${run.status}${metrics === '' ? '' : ` (${metrics})`}`);
  }
}
