import type { Marking } from '../programme/index.js';
import type { AuditSealedRead } from '../sealed/sealed-read.js';
import type { Executor } from '../store/store.js';
import type { AuditTrail } from './audit-trail.js';

/** Who is reading, from where, and the marking of what they read. */
export interface SealedReader {
  readonly actor: string;
  readonly source: string;
  readonly objectMarking?: Marking;
}

/**
 * The audit callback for sealed reads by `reader`: each attempt becomes a `sealed.read` record
 * (outcome `ok` or `failed`, with the kind and, on failure, why), appended before any plaintext
 * is handed over. When the read runs inside a transaction, pass it as `db`: the record then
 * joins it (on the embedded store it must — the transaction holds the only connection).
 */
export function sealedReadAuditor(
  trail: AuditTrail,
  reader: SealedReader,
  db?: Executor,
): AuditSealedRead {
  return async (read) => {
    await trail.append(
      {
        actor: reader.actor,
        action: 'sealed.read',
        source: reader.source,
        outcome: read.outcome,
        objectId: read.ref.objectId,
        ...(reader.objectMarking === undefined ? {} : { objectMarking: reader.objectMarking }),
        details: { kind: read.ref.kind, failure: read.failure },
      },
      db,
    );
  };
}
