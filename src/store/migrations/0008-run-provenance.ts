import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * What launched a run and how it failed: the job, the person who asked for it and their role,
 * and the error (at most 2,000 characters). Runs stored before this migration have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table runs add column job_id text`,
    `alter table runs add column requested_by text references users (id)`,
    `alter table runs add column requested_by_role text check (requested_by_role in (
      'developer_admin', 'developer_member', 'agency_lead', 'agency_evaluator', 'adjudicator',
      'coordinator', 'security_officer', 'partner_user', 'auditor', 'worker'))`,
    `alter table runs add constraint runs_requester_with_role
      check ((requested_by is null) = (requested_by_role is null))`,
    `alter table runs add column error text check (char_length(error) <= 2000)`,
    `create index runs_submission on runs (submission_id)`,
  ]);
}
