import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * What the service needs to sign people in and to reach a developer's model:
 *
 * - users: a unique sign-in name (rows stored before this migration get one made from their id);
 *   whether the password is a one-time password that must be changed (only with a password);
 *   the authenticator's state (none, pending confirmation, enrolled; `totp_enabled` meant
 *   enrolled) and the last time step a code was accepted for, so a code works once.
 * - compartments: a programme-wide kind, for the criteria's compartment.
 * - access_grants: the model to call (`provider/model`); the endpoint is optional (a provider's
 *   own when absent); at most one live grant per submission.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table users add column username text`,
    `update users set username = left(regexp_replace(regexp_replace(lower(id),
      '[^a-z0-9._-]+', '-', 'g'), '^[^a-z0-9]+', ''), 64)`,
    `alter table users alter column username set not null`,
    `alter table users add constraint users_username_format
      check (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$')`,
    `create unique index users_username on users (username)`,
    `alter table users add column must_change_password boolean not null default false`,
    `alter table users add constraint users_one_time_password_is_a_password
      check (not must_change_password or password_hash is not null)`,
    `alter table users add column totp_status text not null default 'none'
      check (totp_status in ('none', 'pending', 'enrolled'))`,
    `update users set totp_status = 'enrolled' where totp_enabled`,
    `alter table users drop column totp_enabled`,
    `alter table users add column totp_last_step bigint check (totp_last_step >= 0)`,
    `alter table users add constraint users_totp_step_when_enrolled
      check (totp_last_step is null or totp_status = 'enrolled')`,

    `alter table compartments drop constraint compartments_kind_check`,
    `alter table compartments add constraint compartments_kind_check
      check (kind in ('developer', 'submission', 'programme'))`,

    `alter table access_grants add column model text not null default 'unknown/unknown'`,
    `alter table access_grants alter column model drop default`,
    `alter table access_grants alter column endpoint drop not null`,
    `create unique index access_grants_one_live on access_grants (submission_id)
      where revoked_at is null`,
  ]);
}
