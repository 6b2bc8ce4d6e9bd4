import type { AuditEntry } from '../../../audit/audit-record.js';
import type { Executor } from '../../../store/store.js';
import type { Services } from '../../services.js';
import type { EventActor } from './record-event.js';

/** A change to record: what was done to which object, and anything worth keeping. */
export type Change = Pick<AuditEntry, 'action' | 'objectId' | 'objectMarking' | 'details'>;

/**
 * Records a change the caller made, as done (`ok`), with who and from where. Pass the change's
 * transaction: the record then commits with the change, or not at all.
 */
export async function recordChange(
  services: Pick<Services, 'audit'>,
  actor: EventActor,
  change: Change,
  db?: Executor,
): Promise<void> {
  await services.audit.append(
    {
      ...change,
      actor: actor.userId,
      source: actor.source,
      outcome: 'ok',
      details: { ...change.details, requestId: actor.requestId },
    },
    db,
  );
}
