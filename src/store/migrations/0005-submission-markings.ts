import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Every submission carries its marking (level, compartments, controls, owner, expiry), which the
 * policy decides on: a column of the projection, changed only by a marking step (the window's
 * expiry, a two-person downgrade). A submission stored before this migration gets the marking a
 * new one starts with: CUI, in its developer's compartment, proprietary, released to the
 * developer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table submissions add column marking jsonb`,
    `update submissions set marking = jsonb_build_object(
      'level', 'CUI',
      'compartments', jsonb_build_array('DEV-' || left(trim(both '-' from regexp_replace(
        upper(regexp_replace(developer_organisation_id, '^org[.-]', '')), '[^A-Z0-9]+', '-', 'g')), 56)),
      'controls', jsonb_build_array('PROPRIETARY', 'REL-DEVELOPER'),
      'ownerId', developer_organisation_id
    )`,
    `alter table submissions alter column marking set not null`,
    `alter table submissions add constraint submissions_marking_is_object
      check (jsonb_typeof(marking) = 'object')`,
  ]);
}
