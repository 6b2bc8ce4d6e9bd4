import { sql } from 'kysely';
import type { Store } from '../../../src/store/store.js';

/** The store's programme tables: everything the service keeps besides the audit trail. */
const programmeTables = [
  'organisations',
  'users',
  'clearances',
  'compartments',
  'user_compartments',
  'sessions',
  'api_tokens',
  'access_agreements',
  'agreement_acceptances',
  'models',
  'submissions',
  'submission_events',
  'need_to_know_grants',
  'window_settings',
  'access_grants',
  'criteria_versions',
  'criteria_signatures',
  'determinations',
  'track_assignments',
  'trusted_partners',
  'partner_approvals',
  'runs',
  'approvals',
];

/**
 * Everything the service stores except the audit trail (which records refusals too): the
 * programme tables and sealed values, in a stable order, as one comparable text.
 */
export async function storeSnapshot(store: Store): Promise<string> {
  const tables = [
    ...programmeTables.map((table) => `select to_jsonb(t)::text from ${table} t order by 1`),
    `select kind, object_id, key_id, encode(ciphertext, 'hex') as ciphertext, purged_at
       from sealed_values order by kind, object_id`,
  ];
  const parts: unknown[] = [];
  for (const query of tables) parts.push((await sql.raw(query).execute(store.db)).rows);
  return JSON.stringify(parts);
}
