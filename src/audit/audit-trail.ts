import type { Transaction } from 'kysely';
import type { Database } from '../store/schema/database.js';
import type { Executor, Store } from '../store/store.js';
import { inTransaction } from '../store/store.js';
import type { AuditEntry, AuditRecord, AuditRecordBody } from './audit-record.js';
import { hashAuditRecord, signAuditHead, signAuditRecord } from './audit-record.js';
import type { AuditSigningKey } from './audit-signing-key.js';
import { publicKeyText } from './audit-signing-key.js';
import type { JsonValue } from './canonical-json.js';
import { checkAuditEntry } from './check-audit-entry.js';

/** The append side of the audit trail. */
export interface AuditTrail {
  /** The id of the key that signs new records. */
  readonly keyId: string;
  /**
   * Appends one record: hashed, chained to the record before, signed, numbered one past the
   * last. Pass a transaction to record an action atomically with the change it audits (the
   * record then waits for that transaction to commit, and disappears if it rolls back).
   */
  append(entry: AuditEntry, db?: Executor): Promise<AuditRecord>;
}

/**
 * Opens the trail for appending with `signingKey`, storing its public key so verifiers need no
 * secret. Appends are serialised by a row lock on the trail's head, which also holds across
 * processes sharing a PostgreSQL server: sequence numbers never collide or skip.
 */
export async function openAuditTrail(
  store: Store,
  signingKey: AuditSigningKey,
  options: { readonly now?: () => Date } = {},
): Promise<AuditTrail> {
  const now = options.now ?? (() => new Date());
  await store.db
    .insertInto('audit_keys')
    .values({
      key_id: signingKey.keyId,
      public_key: publicKeyText(signingKey.publicKey),
      created_at: now(),
    })
    .onConflict((conflict) => conflict.column('key_id').doNothing())
    .execute();

  const appendIn = async (tx: Transaction<Database>, entry: AuditEntry): Promise<AuditRecord> => {
    const checked = checkAuditEntry(entry);
    // The lock: concurrent appenders queue here until this transaction ends.
    const head = await tx
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const body: AuditRecordBody = {
      sequence: head.seq + 1,
      at: now().toISOString(),
      actor: checked.entry.actor,
      action: checked.entry.action,
      source: checked.entry.source,
      outcome: checked.entry.outcome,
      objectId: checked.entry.objectId ?? null,
      objectMarking:
        checked.objectMarkingJson === null
          ? null
          : (JSON.parse(checked.objectMarkingJson) as JsonValue),
      details: JSON.parse(checked.detailsJson) as { [key: string]: JsonValue },
      previousHash: head.hash,
      keyId: signingKey.keyId,
    };
    const hash = hashAuditRecord(body);
    const record: AuditRecord = { ...body, hash, signature: signAuditRecord(signingKey, hash) };
    await tx
      .insertInto('audit_records')
      .values({
        seq: record.sequence,
        at: record.at,
        actor: record.actor,
        action: record.action,
        source: record.source,
        outcome: record.outcome,
        object_id: record.objectId,
        object_marking: checked.objectMarkingJson,
        details: checked.detailsJson,
        previous_hash: record.previousHash,
        hash: record.hash,
        key_id: record.keyId,
        signature: record.signature,
      })
      .execute();
    await tx
      .updateTable('audit_head')
      .set({
        seq: record.sequence,
        hash: record.hash,
        key_id: signingKey.keyId,
        signature: signAuditHead(signingKey, record.sequence, record.hash),
        updated_at: record.at,
      })
      .where('id', '=', 1)
      .execute();
    return record;
  };

  return {
    keyId: signingKey.keyId,
    append: (entry, db) => inTransaction(db ?? store.db, (tx) => appendIn(tx, entry)),
  };
}
