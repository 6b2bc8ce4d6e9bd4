import type { ColumnType } from 'kysely';
import type { Timestamptz } from './sealed-tables.js';

/** A jsonb column: written as JSON text, read as the parsed value. */
export type Jsonb<Value> = ColumnType<Value, string, string>;

export interface ModelsTable {
  id: string;
  developer_organisation_id: string;
  name: string;
  in_development: boolean;
  created_at: Timestamptz;
}

export interface SubmissionsTable {
  id: string;
  developer_organisation_id: string;
  model_id: string;
  state: string;
  event_count: number;
  drafted_at: Timestamptz;
  last_event_at: Timestamptz;
  /** The submission's marking (the domain's Marking), which the policy decides on. */
  marking: Jsonb<unknown>;
}

export interface SubmissionEventsTable {
  submission_id: string;
  seq: number;
  type: string;
  actor_id: string;
  at: Timestamptz;
  body: Jsonb<unknown>;
  recorded_at: Timestamptz;
}

export interface CompartmentsTable {
  name: string;
  kind: string;
  organisation_id: string;
  submission_id: string | null;
  created_at: Timestamptz;
}

export interface UserCompartmentsTable {
  user_id: string;
  compartment: string;
  granted_by: string;
  granted_at: Timestamptz;
}

export interface NeedToKnowGrantsTable {
  id: string;
  user_id: string;
  scope_kind: string;
  submission_id: string | null;
  compartment: string | null;
  valid_from: Timestamptz;
  valid_until: Timestamptz;
  issued_by: string;
  issued_at: Timestamptz;
  reason: string;
  revoked_at: Timestamptz | null;
}

export interface WindowSettingsTable {
  id: number;
  cap_days: number;
  updated_by: string | null;
  updated_at: Timestamptz;
}

export interface AccessGrantsTable {
  id: string;
  submission_id: string;
  /** The model to call, `provider/model`. */
  model: string;
  /** The endpoint's base URL; the provider's own when null. */
  endpoint: string | null;
  granted_by: string;
  granted_at: Timestamptz;
  revoked_at: Timestamptz | null;
  revoke_reason: string | null;
}

export interface CriteriaVersionsTable {
  id: string;
  version: number;
  title: string;
  marking: Jsonb<unknown>;
  drafted_by: string;
  drafted_at: Timestamptz;
}

/** A sealed benchmark's clear part; its items and task settings are in `sealed_values`. */
export interface SealedBenchmarksTable {
  id: string;
  name: string;
  version: number;
  title: string;
  track: string;
  marking: Jsonb<unknown>;
  item_count: number;
  digest: string;
  in_battery: boolean;
  uploaded_by: string;
  uploaded_at: Timestamptz;
  retired_at: Timestamptz | null;
  retired_by: string | null;
}

export interface CriteriaSignaturesTable {
  criteria_version_id: string;
  agency_id: string;
  signer_id: string;
  signed_at: Timestamptz;
}

export interface DeterminationsTable {
  id: string;
  model_id: string;
  developer_organisation_id: string;
  submission_id: string | null;
  criteria_version_id: string;
  status: string;
  adjudicator_id: string;
  determined_at: Timestamptz;
  marking: Jsonb<unknown>;
}

export interface TrackAssignmentsTable {
  id: string;
  submission_id: string;
  track: string;
  agency_id: string;
  assigned_by: string;
  assigned_at: Timestamptz;
}

export interface TrustedPartnersTable {
  id: string;
  submission_id: string;
  partner_organisation_id: string;
  government_period_ends_at: Timestamptz;
  revoked_at: Timestamptz | null;
}

export interface PartnerApprovalsTable {
  partner_id: string;
  side: string;
  approved_by: string;
  approved_at: Timestamptz;
}

export interface RunsTable {
  id: string;
  model_id: string;
  submission_id: string | null;
  suite: string;
  track: string | null;
  log_path: string;
  status: string;
  metrics: Jsonb<unknown>;
  queued_at: Timestamptz;
  started_at: Timestamptz | null;
  finished_at: Timestamptz | null;
  /** The job that ran it, who asked for it (and as what role), and why it failed. */
  job_id: string | null;
  requested_by: string | null;
  requested_by_role: string | null;
  error: string | null;
}

export interface ApprovalsTable {
  id: string;
  action: string;
  submission_id: string | null;
  object_id: string;
  request: Jsonb<unknown>;
  requester_id: string;
  requester_role: string;
  requested_at: Timestamptz;
  expires_at: Timestamptz;
  status: string;
  decider_id: string | null;
  decider_role: string | null;
  decided_at: Timestamptz | null;
  approved: boolean | null;
  comment: string | null;
  used_at: Timestamptz | null;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: Jsonb<unknown>;
  status: string;
  attempts: number;
  max_attempts: number;
  run_after: Timestamptz;
  claimed_by: string | null;
  lease_until: Timestamptz | null;
  result: Jsonb<unknown> | null;
  error: string | null;
  enqueued_at: Timestamptz;
  finished_at: Timestamptz | null;
}
