import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Failed sign-ins, by account name and by address, in the store rather than in each process's
 * memory: with several API processes behind one address, a password guesser meets the same
 * count whichever process answers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table sign_in_failures (
      key text primary key check (key ~ '^(user|address):' and length(key) <= 300),
      failures integer not null check (failures > 0),
      last_failed_at timestamptz not null
    )`,
    `create index sign_in_failures_last on sign_in_failures (last_failed_at)`,
  ]);
}
