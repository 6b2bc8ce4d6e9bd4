import type { Marking } from '../../../programme/index.js';
import type { SealedReader } from '../../authorization/sealed-read-audit.js';
import type { EventActor } from './record-event.js';

/** The caller of a request as the reader of sealed data, for the audit record of the read. */
export function sealedReaderOf(
  actor: EventActor,
  purpose: string,
  marking?: Marking,
): SealedReader {
  return {
    actor: actor.userId,
    source: actor.source,
    purpose,
    requestId: actor.requestId,
    ...(marking === undefined ? {} : { marking }),
  };
}
