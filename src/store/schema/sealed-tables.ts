import type { ColumnType } from 'kysely';

/** Bytes as both drivers return them (`pg`: Buffer, PGlite: Uint8Array). */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>;

/** A timestamp column: written as an ISO string or a Date, read as a Date. */
export type Timestamptz = ColumnType<Date, Date | string, Date | string>;

/** Key-encryption keys the store has seen: their ids only, never the keys. */
export interface SealedKeysTable {
  key_id: string;
  created_at: Timestamptz;
  /** Set when a rotation moved every data key to a newer key. */
  retired_at: Timestamptz | null;
}

/**
 * Every sealed value, one row per (kind, object id): the data key wrapped by a key-encryption
 * key, and the value encrypted under the data key. A purged value keeps its row with the
 * cryptographic columns cleared, so a later read says when and why it was purged.
 */
export interface SealedValuesTable {
  kind: string;
  object_id: string;
  algorithm: number;
  key_id: string | null;
  wrapped_key: Bytes | null;
  nonce: Bytes | null;
  tag: Bytes | null;
  ciphertext: Bytes | null;
  sealed_at: Timestamptz;
  purged_at: Timestamptz | null;
  purge_reason: string | null;
}
