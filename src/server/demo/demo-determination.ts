import type { CliIo } from '../../cli/cli-io.js';
import { designationEvent } from '../../programme/determination/designation-event.js';
import { recordDetermination } from '../../programme/determination/record-determination.js';
import { batteryFromRuns } from '../../programme/run/battery-from-runs.js';
import { evaluationMarking } from '../authorization/markings.js';
import type { ProgrammeData } from '../data/programme-data.js';
import type { Account, CriteriaRecord, SubmissionRecord } from '../data/records.js';
import type { RunningService } from '../open-service.js';
import { agencies } from '../routes/shared/criteria-store.js';
import { newId } from '../routes/shared/new-id.js';
import { recordSubmissionEvent, type EventActor } from '../routes/shared/record-event.js';

import { demoCriteria, seedSource } from './demo-programme.js';

export function say(io: CliIo, line: string): void {
  io.stdout.write(`${line}\n`);
}

/** The adjudicator records the determination from the battery's runs, and the window opens. */
export async function determine(
  service: RunningService,
  data: ProgrammeData,
  submissionId: string,
  criteria: CriteriaRecord,
  adjudicatorActor: EventActor,
  adjudicator: Account,
  io: CliIo,
): Promise<void> {
  const services = service.services;
  const record = (await data.submissions.get(submissionId)) as SubmissionRecord;
  const model = await data.models.get(record.submission.modelId);
  if (model === undefined) return;
  const runs = (await data.runs.list(submissionId)).map((entry) => entry.run);
  const battery = batteryFromRuns(runs);
  if (!battery.ok) return;
  const inputMarking = evaluationMarking(record.marking, submissionId);
  const recorded = recordDetermination(
    {
      id: newId('det'),
      model,
      submission: record.submission,
      criteria: { ...criteria, ...demoCriteria },
      agencies: await agencies(data),
      metrics: battery.value.metrics,
      facts: { training_compute_flop: 3e25 },
      runIds: battery.value.runIds,
      inputMarking,
    },
    adjudicator.user,
    services.clock.now().toISOString(),
  );
  if (!recorded.ok) {
    say(io, `  no determination: ${recorded.error.message}`);
    return;
  }
  const determination = recorded.value;
  await data.determinations.record(determination, services.sealed);
  await audit(services, adjudicator.user.id, 'determination.record', determination.id, {});
  for (const [name, metric] of Object.entries(battery.value.metrics).sort()) {
    say(
      io,
      `  battery: ${name} ${metric.value.toFixed(3)} (95% CI ${metric.lower.toFixed(3)}–${metric.upper.toFixed(3)})`,
    );
  }
  say(io, `  determination: ${determination.evaluation.outcome}`);
  const event = designationEvent(
    determination,
    adjudicator.user.id,
    services.clock.now().toISOString(),
  );
  if (!event.ok) return;
  await recordSubmissionEvent(services, adjudicatorActor, submissionId, () => event.value);
  if (event.value.designated) {
    await recordSubmissionEvent(services, { ...adjudicatorActor }, submissionId, (_record, at) => ({
      type: 'window-opened',
      submissionId,
      actorId: adjudicator.user.id,
      at,
      reason: 'early access for the demo',
      capDays: services.options.windowCapDays,
    }));
  }
}

/** Records a seeded step. */
export async function audit(
  services: RunningService['services'],
  actor: string,
  action: string,
  objectId: string,
  details: Record<string, string | number | boolean | string[]>,
): Promise<void> {
  await services.audit.append({
    actor,
    action,
    source: seedSource,
    outcome: 'ok',
    objectId,
    details,
  });
}
