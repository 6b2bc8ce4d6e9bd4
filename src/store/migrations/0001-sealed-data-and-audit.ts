import type { Kysely } from 'kysely';
import { GENESIS_HASH } from '../schema/audit-tables.js';
import { runStatements } from './run-statements.js';

/**
 * Sealed values and the audit trail: the two things every later table relies on. The audit
 * tables refuse UPDATE, DELETE and TRUNCATE by trigger (SQLSTATE VG001); a database superuser
 * can still bypass triggers, which is why the trail is also hash-chained and signed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table sealed_keys (
      key_id text primary key,
      created_at timestamptz not null,
      retired_at timestamptz
    )`,
    `create unique index sealed_keys_one_active on sealed_keys ((true)) where retired_at is null`,
    `create table sealed_values (
      kind text not null,
      object_id text not null,
      algorithm smallint not null,
      key_id text references sealed_keys (key_id),
      wrapped_key bytea,
      nonce bytea,
      tag bytea,
      ciphertext bytea,
      sealed_at timestamptz not null,
      purged_at timestamptz,
      purge_reason text,
      primary key (kind, object_id),
      constraint sealed_values_purged_or_whole check (
        (purged_at is null and key_id is not null and wrapped_key is not null
          and nonce is not null and tag is not null and ciphertext is not null)
        or (purged_at is not null and key_id is null and wrapped_key is null
          and nonce is null and tag is null and ciphertext is null)
      )
    )`,
    `create index sealed_values_key on sealed_values (key_id)`,

    // Shared by every append-only table.
    `create function vigil_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % refused: the table is append-only', tg_op, tg_table_name
        using errcode = 'VG001';
    end $$`,

    `create table audit_keys (
      key_id text primary key,
      public_key text not null,
      created_at timestamptz not null
    )`,
    `create trigger audit_keys_append_only before update or delete on audit_keys
      for each row execute function vigil_refuse_change()`,
    `create table audit_head (
      id smallint primary key check (id = 1),
      seq bigint not null check (seq >= 0),
      hash text not null,
      key_id text references audit_keys (key_id),
      signature text,
      updated_at timestamptz not null
    )`,
    `insert into audit_head (id, seq, hash, updated_at) values (1, 0, '${GENESIS_HASH}', now())`,
    `create table audit_records (
      seq bigint primary key check (seq >= 1),
      at timestamptz not null,
      actor text not null,
      action text not null,
      source text not null,
      outcome text not null check (outcome in ('allowed', 'denied', 'ok', 'failed')),
      object_id text,
      object_marking text,
      details text not null,
      previous_hash text not null,
      hash text not null unique,
      key_id text not null references audit_keys (key_id),
      signature text not null
    )`,
    `create index audit_records_object on audit_records (object_id, seq)`,
    `create index audit_records_actor on audit_records (actor, seq)`,
    `create trigger audit_records_append_only before update or delete on audit_records
      for each row execute function vigil_refuse_change()`,
    `create trigger audit_records_no_truncate before truncate on audit_records
      for each statement execute function vigil_refuse_change()`,

    // A record must extend the chain at the head; the head may only move to the record after it.
    `create function vigil_audit_follows_head() returns trigger language plpgsql as $$
    declare
      head audit_head%rowtype;
    begin
      select * into head from audit_head where id = 1;
      if new.seq <> head.seq + 1 or new.previous_hash <> head.hash then
        raise exception 'audit record % does not extend the trail at its head (record %)',
          new.seq, head.seq using errcode = 'VG002';
      end if;
      return new;
    end $$`,
    `create trigger audit_records_follow_head before insert on audit_records
      for each row execute function vigil_audit_follows_head()`,
    `create function vigil_audit_head_moves_forward() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' then
        raise exception '% on audit_head refused: the head only moves forward', tg_op
          using errcode = 'VG001';
      end if;
      if new.seq <> old.seq + 1 or not exists (
        select 1 from audit_records where seq = new.seq and hash = new.hash
      ) then
        raise exception 'the audit head may only move to the record after it (% to %)',
          old.seq, new.seq using errcode = 'VG001';
      end if;
      return new;
    end $$`,
    `create trigger audit_head_forward_only before update or delete on audit_head
      for each row execute function vigil_audit_head_moves_forward()`,
    `create trigger audit_head_no_truncate before truncate on audit_head
      for each statement execute function vigil_refuse_change()`,
  ]);
}
