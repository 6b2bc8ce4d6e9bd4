import type { Timestamptz } from './sealed-tables.js';

/** The hash the first audit record chains to (the head's hash while the trail is empty). */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The audit trail: append-only (a trigger refuses UPDATE, DELETE and TRUNCATE), hash-chained
 * and signed. `object_marking` and `details` hold canonical JSON text, exactly as hashed.
 */
export interface AuditRecordsTable {
  seq: number;
  at: Timestamptz;
  actor: string;
  action: string;
  source: string;
  outcome: string;
  object_id: string | null;
  object_marking: string | null;
  details: string;
  previous_hash: string;
  hash: string;
  key_id: string;
  signature: string;
}

/**
 * The one-row head of the trail: the last sequence number and hash, signed. Appends lock this
 * row, which serialises them across processes; verification compares the trail's end with it.
 */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  key_id: string | null;
  signature: string | null;
  updated_at: Timestamptz;
}

/** Public keys of the audit signing keys, so a verifier needs no secret. */
export interface AuditKeysTable {
  key_id: string;
  public_key: string;
  created_at: Timestamptz;
}
