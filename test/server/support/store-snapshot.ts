import { sql } from 'kysely';
import type { Store } from '../../../src/store/store.js';

/**
 * Everything the service stores except the audit trail (which records refusals too): documents,
 * submission events and sealed values, in a stable order, as one comparable text.
 */
export async function storeSnapshot(store: Store): Promise<string> {
  const tables = [
    'select kind, id, scope, body from server_documents order by kind, id',
    'select submission_id, seq, body from server_submission_events order by submission_id, seq',
    `select kind, object_id, key_id, encode(ciphertext, 'hex') as ciphertext, purged_at
       from sealed_values order by kind, object_id`,
  ];
  const parts: unknown[] = [];
  for (const query of tables) parts.push((await sql.raw(query).execute(store.db)).rows);
  return JSON.stringify(parts);
}
