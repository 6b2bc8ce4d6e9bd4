import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The service kept its records in tables of its own (`server_documents`, JSON documents;
 * `server_submission_events`; its bookkeeping `server_migrations`) until it moved onto the
 * repositories over this schema's tables. Nothing reads them any more: they go, with the
 * trigger function of their events. A database that never had them is left as it is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `drop table if exists server_submission_events`,
    `drop table if exists server_documents`,
    `drop table if exists server_migrations`,
    `drop function if exists server_refuse_change()`,
  ]);
}
