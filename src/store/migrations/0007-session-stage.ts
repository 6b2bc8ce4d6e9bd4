import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * A session's stage: `setup` (signed in with a one-time password, or without the second factor
 * the programme requires: it may only finish setting the account up) or `full`. A session stored
 * before this migration is full only if its second factor was checked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table sessions add column stage text`,
    `update sessions set stage = case when second_factor_at is null then 'setup' else 'full' end`,
    `alter table sessions alter column stage set not null`,
    `alter table sessions add constraint sessions_stage_check check (stage in ('setup', 'full'))`,
  ]);
}
