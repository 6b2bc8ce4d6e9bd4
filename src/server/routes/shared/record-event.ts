import type { Transaction } from 'kysely';
import type { Marking, SubmissionEffect, SubmissionEvent } from '../../../programme/index.js';
import type { Database } from '../../../store/schema/database.js';
import { programmeData } from '../../data/programme-data.js';
import type { SubmissionRecord } from '../../data/records.js';
import type { Services } from '../../services.js';
import { without } from '../../util/without.js';
import { loadSubmissionRecord } from './load.js';
import { recordChange } from './record-change.js';

/** What recording an event needs. */
export type EventServices = Pick<Services, 'store' | 'audit' | 'sealed' | 'clock'>;

/** Who records an event, for the audit trail. */
export interface EventActor {
  readonly userId: string;
  readonly source: string;
  readonly requestId: string;
}

/** Carries out what an event demands of the store, in its transaction. */
async function carryOut(
  services: EventServices,
  tx: Transaction<Database>,
  record: SubmissionRecord,
  effects: readonly SubmissionEffect[],
  reason: string,
): Promise<{ record: SubmissionRecord; done: string[] }> {
  let next = record;
  const done: string[] = [];
  for (const effect of effects) {
    switch (effect.kind) {
      case 'purge_access_credential': {
        const at = services.clock.now().toISOString();
        const purged = await programmeData(tx).submissions.revokeAccess(
          record.submission.id,
          reason,
          at,
          services.sealed,
        );
        if (purged) next = { ...without(next, 'credential'), credentialPurgedAt: at };
        done.push(purged ? 'credential purged' : 'no credential to purge');
        break;
      }
      case 'revoke_model_access':
        // Access is the credential plus an open window: the window is now closed, so every job
        // and query refuses from here on (they check the state before each use).
        done.push('model access revoked');
        break;
    }
  }
  return { record: next, done };
}

/**
 * Applies one event to a submission in one transaction: the row is locked, the domain decides,
 * the event is appended, its effects carried out (a withdrawal purges the credential here) and
 * the change is recorded in the audit trail — all of it, or none. `remark` gives the marking the
 * submission carries after the event (a window's expiry), when the event changes it.
 */
export async function recordSubmissionEvent(
  services: EventServices,
  actor: EventActor,
  submissionId: string,
  makeEvent: (record: SubmissionRecord, at: string) => SubmissionEvent,
  remark?: (record: SubmissionRecord) => Marking,
): Promise<SubmissionRecord> {
  return services.store.transaction(async (tx) => {
    const data = programmeData(tx);
    const record = await loadSubmissionRecord(data, submissionId, { lock: true });
    const at = services.clock.now().toISOString();
    const event = makeEvent(record, at);
    const applied = await data.submissions.record(event, at);
    if (!applied.ok) throw applied.error;
    const carried = await carryOut(
      services,
      tx,
      { ...record, submission: applied.value.submission },
      applied.value.effects,
      `${event.type}: ${event.reason}`,
    );
    let next = carried.record;
    if (remark !== undefined) {
      next = { ...next, marking: remark(next) };
      await data.submissions.setMarking(submissionId, next.marking);
    }
    await recordChange(
      services,
      actor,
      {
        action: `event.${event.type}`,
        objectId: submissionId,
        objectMarking: next.marking,
        details: {
          sequence: applied.value.submission.eventCount,
          state: next.submission.state,
          effects: carried.done,
        },
      },
      tx,
    );
    return next;
  });
}

/**
 * Creates a submission from its first event (`submission-drafted`), with its model, marking
 * and compartment, in one transaction with its audit record.
 */
export async function createSubmission(
  services: EventServices,
  actor: EventActor,
  input: {
    readonly event: Extract<SubmissionEvent, { type: 'submission-drafted' }>;
    readonly model: { readonly name: string; readonly inDevelopment: boolean };
    readonly marking: Marking;
  },
): Promise<SubmissionRecord> {
  return services.store.transaction(async (tx) => {
    const applied = await programmeData(tx).submissions.create({
      event: input.event,
      model: {
        id: input.event.modelId,
        developerOrganisationId: input.event.developerOrganisationId,
        name: input.model.name,
        inDevelopment: input.model.inDevelopment,
      },
      marking: input.marking,
      at: services.clock.now().toISOString(),
    });
    if (!applied.ok) throw applied.error;
    const record: SubmissionRecord = {
      submission: applied.value.submission,
      marking: input.marking,
    };
    await recordChange(
      services,
      actor,
      {
        action: 'event.submission-drafted',
        objectId: input.event.submissionId,
        objectMarking: input.marking,
        details: { sequence: 1, state: 'draft' },
      },
      tx,
    );
    return record;
  });
}
