import { sql } from 'kysely';
import type { Store } from '../../../src/store/store.js';

/**
 * Tables a snapshot leaves out, each for its reason. Every other table of the schema is in it,
 * so a table added later is covered without anyone remembering this list.
 */
const notData = new Set([
  // The audit trail records refusals too; its own tests check it.
  'audit_keys',
  'audit_head',
  'audit_records',
  // Sealed values are compared apart (their ciphertext as hex); their keys change on rotation only.
  'sealed_values',
  'sealed_keys',
  // The job queue and failed sign-in counts change as the service works, not as data is kept.
  'jobs',
  'sign_in_failures',
  // The migrator's bookkeeping.
  'kysely_migration',
  'kysely_migration_lock',
]);

/**
 * Everything the service stores except the audit trail (which records refusals too): the
 * programme tables and sealed values, in a stable order, as one comparable text.
 */
export async function storeSnapshot(store: Store): Promise<string> {
  const names = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(store.db);
  const programmeTables = names.rows
    .map((row) => row.table_name)
    .filter((table) => !notData.has(table));
  if (!programmeTables.includes('submissions')) {
    throw new Error(`the snapshot found no programme tables in ${JSON.stringify(names.rows)}`);
  }
  const tables = [
    ...programmeTables.map((table) => `select to_jsonb(t)::text from ${table} t order by 1`),
    `select kind, object_id, key_id, encode(ciphertext, 'hex') as ciphertext, purged_at
       from sealed_values order by kind, object_id`,
  ];
  const parts: unknown[] = [];
  for (const query of tables) parts.push((await sql.raw(query).execute(store.db)).rows);
  return JSON.stringify(parts);
}
