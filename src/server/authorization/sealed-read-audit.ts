import type { Marking } from '../../programme/index.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { Executor } from '../../store/store.js';
import type { Services } from '../services.js';

/** Who reads a sealed value, and why; recorded with every read. */
export interface SealedReader {
  readonly actor: string;
  readonly source: string;
  readonly purpose: string;
  readonly requestId?: string;
  readonly marking?: Marking;
}

/**
 * The audit callback for a sealed read: every attempt, successful or not, becomes a record
 * before any plaintext is returned (in `db`'s transaction when one is given).
 */
export function auditSealedRead(
  services: Pick<Services, 'audit'>,
  reader: SealedReader,
  db?: Executor,
): AuditSealedRead {
  return async (read) => {
    await services.audit.append(
      {
        actor: reader.actor,
        action: 'sealed.read',
        source: reader.source,
        outcome: read.outcome,
        objectId: `${read.ref.kind}:${read.ref.objectId}`,
        ...(reader.marking === undefined ? {} : { objectMarking: reader.marking }),
        details: {
          purpose: reader.purpose,
          ...(read.failure === undefined ? {} : { failure: read.failure }),
          ...(reader.requestId === undefined ? {} : { requestId: reader.requestId }),
        },
      },
      db,
    );
  };
}
