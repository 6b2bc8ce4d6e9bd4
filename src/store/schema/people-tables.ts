import type { Generated } from 'kysely';
import type { Timestamptz } from './sealed-tables.js';

export interface OrganisationsTable {
  id: string;
  kind: string;
  name: string;
  short_name: string | null;
  criteria_role: string | null;
  sector: string | null;
  created_at: Timestamptz;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  display_name: string;
  role: string;
  /** The sign-in name: unique, lower case, digits and `._-`. */
  username: string;
  /** An argon2 hash in PHC form; null for accounts that never sign in with a password. */
  password_hash: string | null;
  /** A one-time password: the next sign-in must choose a new one. */
  must_change_password: Generated<boolean>;
  /** `none`, `pending` (a secret to confirm) or `enrolled`; the secret itself is sealed. */
  totp_status: Generated<string>;
  /** The last time step a code was accepted for (enrolled only): a code works once. */
  totp_last_step: number | null;
  created_at: Timestamptz;
  disabled_at: Timestamptz | null;
}

export interface ClearancesTable {
  user_id: string;
  level: string;
  granted_by: string | null;
  granted_at: Timestamptz;
}

export interface SessionsTable {
  /** SHA-256 of the session token: a stolen table yields no usable session. */
  id_hash: string;
  user_id: string;
  created_at: Timestamptz;
  expires_at: Timestamptz;
  last_seen_at: Timestamptz;
  second_factor_at: Timestamptz | null;
  /** `setup` (may only finish setting the account up) or `full`. */
  stage: string;
  source: string;
  revoked_at: Timestamptz | null;
}

/** Failed sign-ins by `user:<name>` or `address:<source>`; a success or time clears them. */
export interface SignInFailuresTable {
  key: string;
  failures: number;
  last_failed_at: Timestamptz;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once, at creation. */
  token_hash: string;
  scopes: string[];
  created_at: Timestamptz;
  expires_at: Timestamptz;
  last_used_at: Timestamptz | null;
  revoked_at: Timestamptz | null;
}

export interface AccessAgreementsTable {
  id: string;
  version: number;
  title: string;
  published_at: Timestamptz;
}

export interface AgreementAcceptancesTable {
  user_id: string;
  agreement_id: string;
  version: number;
  accepted_at: Timestamptz;
}
