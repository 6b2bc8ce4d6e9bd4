import type { Transaction } from 'kysely';
import type { Database } from '../schema/database.js';
import type { Executor } from '../store.js';
import { inTransaction } from '../store.js';

/**
 * Runs `work` in a transaction: the caller's, when `db` is one, or a new one. Repository methods
 * that write more than one row use it, so no caller can leave half of them behind.
 */
export function atomically<T>(
  db: Executor,
  work: (tx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return inTransaction(db, work);
}
