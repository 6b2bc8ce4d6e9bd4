import type { Selectable } from 'kysely';
import type { AuditRecordsTable } from '../store/schema/audit-tables.js';
import type { AuditOutcome, AuditRecord } from './audit-record.js';
import type { JsonValue } from './canonical-json.js';

/** A stored row as a record. JSON members are parsed; unreadable JSON throws SyntaxError. */
export function recordFromRow(row: Selectable<AuditRecordsTable>): AuditRecord {
  return {
    sequence: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    source: row.source,
    outcome: row.outcome as AuditOutcome,
    objectId: row.object_id,
    objectMarking:
      row.object_marking === null ? null : (JSON.parse(row.object_marking) as JsonValue),
    details: JSON.parse(row.details) as { [key: string]: JsonValue },
    previousHash: row.previous_hash,
    keyId: row.key_id,
    hash: row.hash,
    signature: row.signature,
  };
}
