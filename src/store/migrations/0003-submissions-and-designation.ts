import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Models and submissions (state derived from append-only events), compartments and
 * need-to-know grants, the window settings (the 30-day cap enforced here too), access grants,
 * criteria versions and their signatures, determinations, track assignments, trusted partners
 * and their approvals, harness runs and two-person approvals. Sealed parts (an access grant's
 * credential, a criteria version's body, a determination) live in `sealed_values`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table models (
      id text primary key,
      developer_organisation_id text not null references organisations (id),
      name text not null,
      in_development boolean not null,
      created_at timestamptz not null
    )`,
    // A projection of the events, written in the same transaction as each event.
    `create table submissions (
      id text primary key,
      developer_organisation_id text not null references organisations (id),
      model_id text not null references models (id),
      state text not null check (state in ('draft', 'submitted', 'qualifying', 'not_designated',
        'designated', 'window_open', 'window_closed', 'reported', 'withdrawn')),
      event_count integer not null check (event_count >= 1),
      drafted_at timestamptz not null,
      last_event_at timestamptz not null
    )`,
    `create index submissions_developer on submissions (developer_organisation_id)`,
    `create table submission_events (
      submission_id text not null references submissions (id),
      seq integer not null check (seq >= 1),
      type text not null,
      actor_id text not null,
      at timestamptz not null,
      body jsonb not null,
      recorded_at timestamptz not null,
      primary key (submission_id, seq)
    )`,
    `create trigger submission_events_append_only before update or delete on submission_events
      for each row execute function vigil_refuse_change()`,
    `create trigger submission_events_no_truncate before truncate on submission_events
      for each statement execute function vigil_refuse_change()`,
    `create table compartments (
      name text primary key,
      kind text not null check (kind in ('developer', 'submission')),
      organisation_id text not null references organisations (id),
      submission_id text references submissions (id),
      created_at timestamptz not null,
      check ((kind = 'submission') = (submission_id is not null))
    )`,
    `create table user_compartments (
      user_id text not null references users (id),
      compartment text not null references compartments (name),
      granted_by text not null references users (id),
      granted_at timestamptz not null,
      primary key (user_id, compartment)
    )`,
    `create table need_to_know_grants (
      id text primary key,
      user_id text not null references users (id),
      scope_kind text not null check (scope_kind in ('submission', 'compartment')),
      submission_id text references submissions (id),
      compartment text references compartments (name),
      valid_from timestamptz not null,
      valid_until timestamptz not null,
      issued_by text not null references users (id),
      issued_at timestamptz not null,
      reason text not null,
      revoked_at timestamptz,
      check (valid_until > valid_from),
      check (issued_by <> user_id),
      check ((scope_kind = 'submission') = (submission_id is not null)),
      check ((scope_kind = 'compartment') = (compartment is not null))
    )`,
    `create index need_to_know_grants_user on need_to_know_grants (user_id)`,
    `create table window_settings (
      id smallint primary key check (id = 1),
      cap_days integer not null check (cap_days between 1 and 30),
      updated_by text references users (id),
      updated_at timestamptz not null
    )`,
    `insert into window_settings (id, cap_days, updated_at) values (1, 30, now())`,
    `create table access_grants (
      id text primary key,
      submission_id text not null references submissions (id),
      endpoint text not null,
      granted_by text not null references users (id),
      granted_at timestamptz not null,
      revoked_at timestamptz,
      revoke_reason text
    )`,
    `create index access_grants_submission on access_grants (submission_id)`,
    `create table criteria_versions (
      id text primary key,
      version integer not null unique check (version >= 1),
      title text not null,
      marking jsonb not null,
      drafted_by text not null references users (id),
      drafted_at timestamptz not null
    )`,
    `create table criteria_signatures (
      criteria_version_id text not null references criteria_versions (id),
      agency_id text not null references organisations (id),
      signer_id text not null references users (id),
      signed_at timestamptz not null,
      primary key (criteria_version_id, agency_id)
    )`,
    `create table determinations (
      id text primary key,
      model_id text not null references models (id),
      developer_organisation_id text not null references organisations (id),
      submission_id text references submissions (id),
      criteria_version_id text not null references criteria_versions (id),
      status text not null check (status in ('designated', 'not_designated', 'insufficient_evidence')),
      adjudicator_id text not null references users (id),
      determined_at timestamptz not null,
      marking jsonb not null
    )`,
    `create index determinations_model on determinations (model_id)`,
    `create table track_assignments (
      id text primary key,
      submission_id text not null references submissions (id),
      track text not null check (track in ('structural_vulnerabilities', 'insider_risks',
        'digital_infrastructure')),
      agency_id text not null references organisations (id),
      assigned_by text not null references users (id),
      assigned_at timestamptz not null,
      unique (submission_id, track, agency_id)
    )`,
    `create table trusted_partners (
      id text primary key,
      submission_id text not null references submissions (id),
      partner_organisation_id text not null references organisations (id),
      government_period_ends_at timestamptz not null,
      revoked_at timestamptz,
      unique (submission_id, partner_organisation_id)
    )`,
    // Chosen jointly: one approval per side, never both by the same person.
    `create table partner_approvals (
      partner_id text not null references trusted_partners (id),
      side text not null check (side in ('government', 'developer')),
      approved_by text not null references users (id),
      approved_at timestamptz not null,
      primary key (partner_id, side)
    )`,
    `create table runs (
      id text primary key,
      model_id text not null references models (id),
      submission_id text references submissions (id),
      suite text not null,
      track text check (track in ('structural_vulnerabilities', 'insider_risks',
        'digital_infrastructure')),
      log_path text not null,
      status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      metrics jsonb not null,
      queued_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz
    )`,
    `create index runs_model on runs (model_id)`,
    // Two-person rule in the schema as well: the decider is never the requester.
    `create table approvals (
      id text primary key,
      action text not null check (action in ('credential.unmask', 'transcripts.export',
        'marking.lower')),
      submission_id text references submissions (id),
      object_id text not null,
      request jsonb not null,
      requester_id text not null references users (id),
      requester_role text not null,
      requested_at timestamptz not null,
      expires_at timestamptz not null,
      status text not null check (status in ('pending', 'approved', 'rejected', 'used')),
      decider_id text references users (id),
      decider_role text,
      decided_at timestamptz,
      approved boolean,
      comment text,
      used_at timestamptz,
      check (decider_id is null or decider_id <> requester_id),
      check ((status = 'pending') = (decided_at is null)),
      check (status <> 'used' or (approved and used_at is not null))
    )`,
  ]);
}
