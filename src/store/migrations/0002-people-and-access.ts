import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Organisations, user accounts and how they sign in (sessions, API tokens), clearances and the
 * access agreement. A user's TOTP secret is a sealed value (kind `user-totp-secret`), never a
 * column; passwords and tokens are stored only as hashes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table organisations (
      id text primary key,
      kind text not null check (kind in ('developer', 'agency', 'partner')),
      name text not null,
      short_name text,
      criteria_role text check (criteria_role in ('required_signatory', 'consulted', 'none')),
      sector text,
      created_at timestamptz not null,
      constraint organisations_kind_fields check (
        (kind = 'developer' and short_name is null and criteria_role is null and sector is null)
        or (kind = 'agency' and short_name is not null and criteria_role is not null and sector is null)
        or (kind = 'partner' and short_name is null and criteria_role is null and sector is not null)
      )
    )`,
    `create table users (
      id text primary key,
      organisation_id text not null references organisations (id),
      display_name text not null,
      role text not null check (role in ('developer_admin', 'developer_member', 'agency_lead',
        'agency_evaluator', 'adjudicator', 'coordinator', 'security_officer', 'partner_user',
        'auditor', 'worker')),
      password_hash text,
      totp_enabled boolean not null default false,
      created_at timestamptz not null,
      disabled_at timestamptz
    )`,
    `create index users_organisation on users (organisation_id)`,
    // The level a security officer cleared a user for; no row means UNCLASSIFIED.
    `create table clearances (
      user_id text primary key references users (id),
      level text not null check (level in ('UNCLASSIFIED', 'CUI', 'SECRET', 'TOP_SECRET')),
      granted_by text references users (id),
      granted_at timestamptz not null,
      constraint clearances_not_self check (granted_by is null or granted_by <> user_id)
    )`,
    `create table sessions (
      id_hash text primary key,
      user_id text not null references users (id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_seen_at timestamptz not null,
      second_factor_at timestamptz,
      source text not null,
      revoked_at timestamptz,
      check (expires_at > created_at)
    )`,
    `create index sessions_user on sessions (user_id)`,
    `create table api_tokens (
      id text primary key,
      user_id text not null references users (id),
      name text not null,
      token_hash text not null unique,
      scopes text[] not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      check (expires_at > created_at),
      check (cardinality(scopes) > 0)
    )`,
    `create index api_tokens_user on api_tokens (user_id)`,
    `create table access_agreements (
      id text not null,
      version integer not null check (version >= 1),
      title text not null,
      published_at timestamptz not null,
      primary key (id, version)
    )`,
    `create table agreement_acceptances (
      user_id text not null references users (id),
      agreement_id text not null,
      version integer not null,
      accepted_at timestamptz not null,
      primary key (user_id, agreement_id, version),
      foreign key (agreement_id, version) references access_agreements (id, version)
    )`,
  ]);
}
