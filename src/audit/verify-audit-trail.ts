import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { AuditRecordsTable } from '../store/schema/audit-tables.js';
import { GENESIS_HASH } from '../store/schema/audit-tables.js';
import type { Executor, Store } from '../store/store.js';
import {
  hashAuditRecord,
  verifyAuditHeadSignature,
  verifyAuditRecordSignature,
} from './audit-record.js';
import { recordFromRow } from './audit-record-row.js';
import type { AuditPublicKey } from './audit-signing-key.js';
import { auditPublicKey } from './audit-signing-key.js';

/** Why verification stopped. */
export type AuditFailureReason =
  /** A field was changed after the record was written: its content no longer matches its hash. */
  | 'edited'
  /** The record does not chain to the one before it. */
  | 'broken_chain'
  /** The record chains to one stored elsewhere in the sequence: records were moved. */
  | 'reordered'
  /** A sequence number is missing: the record was deleted. */
  | 'missing'
  /** The last records are gone: the trail ends before its head says it does. */
  | 'truncated'
  /** The signature does not verify under the key the record names. */
  | 'bad_signature'
  /** The record is signed by a key that is not a trusted audit key. */
  | 'wrong_key'
  /** The head row is missing, unsigned, badly signed, or does not match the last record. */
  | 'bad_head'
  /** A record lies beyond the head: written around the trail's lock, or the head was rolled back. */
  | 'unaccounted'
  /** The trail disagrees with a checkpoint kept outside the database. */
  | 'checkpoint_mismatch';

/** The first bad record and what is wrong with it. */
export interface AuditFailure {
  readonly sequence: number;
  readonly reason: AuditFailureReason;
  readonly message: string;
}

/** A point of the trail worth remembering outside the database: a sequence number and its hash. */
export interface AuditCheckpoint {
  readonly sequence: number;
  readonly hash: string;
}

/** The verdict on the trail. `count` is how many records verified before any failure. */
export type AuditVerification =
  | { readonly ok: true; readonly count: number; readonly head: AuditCheckpoint }
  | { readonly ok: false; readonly count: number; readonly failure: AuditFailure };

export interface VerifyOptions {
  /**
   * The keys to trust, e.g. from the `.pub` file. Without them the keys stored in the database
   * are trusted, which proves nothing against someone who could also write that table.
   */
  readonly trustedKeys?: readonly AuditPublicKey[];
  /** A checkpoint taken earlier: the trail must still hold that record with that hash. */
  readonly checkpoint?: AuditCheckpoint;
  /** Records read per query (default 1000). */
  readonly batchSize?: number;
}

async function storedKeys(db: Executor): Promise<AuditPublicKey[]> {
  const rows = await db.selectFrom('audit_keys').select(['key_id', 'public_key']).execute();
  // A stored id is only a label: the id is derived again from the key, so a row pairing an id
  // with another key's bytes trusts nothing under that id.
  return rows.flatMap((row) => {
    try {
      const key = auditPublicKey(row.public_key);
      return key.keyId === row.key_id ? [key] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Verifies the whole audit trail, streaming it in sequence order in batches: every record's
 * signature, its link to the record before, its hash over its content, the sequence without
 * gaps, and the end of the trail against its signed head (and a checkpoint, when given).
 * Returns the first bad record with the reason, or ok with the count. It never throws for a
 * bad trail; only for a store it cannot read.
 */
export async function verifyAuditTrail(
  store: Store,
  options: VerifyOptions = {},
): Promise<AuditVerification> {
  const db = store.db;
  const keys = new Map(
    (options.trustedKeys ?? (await storedKeys(db))).map((key) => [key.keyId, key]),
  );
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head === undefined) {
    return failed(0, { sequence: 0, reason: 'bad_head', message: 'the trail has no head row' });
  }
  const batchSize = options.batchSize ?? 1000;
  let count = 0;
  let previousHash = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('audit_records')
      .selectAll()
      .where('seq', '>', count)
      .where('seq', '<=', head.seq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      const failure = await checkRecord(db, row, count + 1, previousHash, keys, options.checkpoint);
      if (failure !== undefined) return failed(count, failure);
      count += 1;
      previousHash = row.hash;
    }
    if (rows.length < batchSize) break;
  }
  const endFailure = await checkEnd(db, head, count, previousHash, keys, options.checkpoint);
  if (endFailure !== undefined) return failed(count, endFailure);
  return { ok: true, count, head: { sequence: head.seq, hash: head.hash } };
}

function failed(count: number, failure: AuditFailure): AuditVerification {
  return { ok: false, count, failure };
}

async function checkRecord(
  db: Executor,
  row: Selectable<AuditRecordsTable>,
  expected: number,
  previousHash: string,
  keys: ReadonlyMap<string, AuditPublicKey>,
  checkpoint: AuditCheckpoint | undefined,
): Promise<AuditFailure | undefined> {
  if (row.seq !== expected) {
    const range =
      row.seq - 1 === expected
        ? `record ${expected} is`
        : `records ${expected} to ${row.seq - 1} are`;
    return {
      sequence: expected,
      reason: 'missing',
      message: `${range} missing (deleted): the next stored record is ${row.seq}`,
    };
  }
  const key = keys.get(row.key_id);
  if (key === undefined) {
    return {
      sequence: expected,
      reason: 'wrong_key',
      message: `record ${expected} is signed by ${row.key_id}, which is not a trusted audit key`,
    };
  }
  if (!verifyAuditRecordSignature(key, row.hash, row.signature)) {
    return {
      sequence: expected,
      reason: 'bad_signature',
      message: `record ${expected}'s signature does not verify under ${row.key_id}: it was re-signed or altered`,
    };
  }
  if (row.previous_hash !== previousHash) {
    const moved = await db
      .selectFrom('audit_records')
      .select('seq')
      .where('hash', '=', row.previous_hash)
      .executeTakeFirst();
    return moved !== undefined && moved.seq !== expected - 1
      ? {
          sequence: expected,
          reason: 'reordered',
          message: `record ${expected} chains to record ${moved.seq}, not to record ${expected - 1}: records were moved`,
        }
      : {
          sequence: expected,
          reason: 'broken_chain',
          message: `record ${expected} does not chain to record ${expected - 1}: one of them was replaced or edited`,
        };
  }
  let hash: string;
  try {
    hash = hashAuditRecord(recordFromRow(row));
  } catch {
    hash = '';
  }
  if (hash !== row.hash) {
    return {
      sequence: expected,
      reason: 'edited',
      message: `record ${expected}'s content does not match its hash: a field was changed after it was written`,
    };
  }
  if (checkpoint?.sequence === expected && checkpoint.hash !== row.hash) {
    return {
      sequence: expected,
      reason: 'checkpoint_mismatch',
      message: `record ${expected} is not the record of the checkpoint (hash ${checkpoint.hash.slice(0, 16)}…): the trail was rewritten`,
    };
  }
  return undefined;
}

async function checkEnd(
  db: Executor,
  head: { seq: number; hash: string; key_id: string | null; signature: string | null },
  count: number,
  lastHash: string,
  keys: ReadonlyMap<string, AuditPublicKey>,
  checkpoint: AuditCheckpoint | undefined,
): Promise<AuditFailure | undefined> {
  if (count < head.seq) {
    return {
      sequence: count + 1,
      reason: 'truncated',
      message: `records ${count + 1} to ${head.seq} are missing: the trail ends at ${count} but its head says ${head.seq}`,
    };
  }
  if (checkpoint !== undefined && checkpoint.sequence > count) {
    return {
      sequence: count + 1,
      reason: 'truncated',
      message: `the checkpoint holds record ${checkpoint.sequence}, but the trail ends at ${count}: records were removed and the head rolled back`,
    };
  }
  if (head.seq > 0) {
    const key = head.key_id === null ? undefined : keys.get(head.key_id);
    if (
      head.hash !== lastHash ||
      head.signature === null ||
      key === undefined ||
      !verifyAuditHeadSignature(key, head.seq, head.hash, head.signature)
    ) {
      return {
        sequence: head.seq,
        reason: 'bad_head',
        message: `the head (record ${head.seq}) is not signed by a trusted key or does not match the last record`,
      };
    }
  }
  // One statement, one snapshot: an append commits its record and the head together.
  const beyond = await sql<{ seq: number | null }>`
    select min(seq) as seq from audit_records where seq > (select seq from audit_head where id = 1)
  `.execute(db);
  const stray = beyond.rows[0]?.seq ?? null;
  if (stray !== null) {
    return {
      sequence: stray,
      reason: 'unaccounted',
      message: `record ${stray} lies beyond the head: it was written around the trail's lock, or the head was rolled back`,
    };
  }
  return undefined;
}
