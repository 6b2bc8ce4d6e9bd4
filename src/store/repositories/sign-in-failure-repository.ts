import { sql } from 'kysely';
import type { Executor } from '../store.js';
import { iso } from './stored-value.js';

/** How often a key failed to sign in, and when last. */
export interface SignInFailures {
  readonly key: string;
  readonly failures: number;
  readonly lastFailedAt: string;
}

/** Failed sign-ins by account name and address, shared by every process on the store. */
export interface SignInFailureRepository {
  /** The counts of `keys` whose last failure is at or after `since`. */
  get(keys: readonly string[], since: string): Promise<SignInFailures[]>;
  /** Counts a failure for each key at `at`; a count last touched before `since` starts again. */
  record(keys: readonly string[], at: string, since: string): Promise<void>;
  clear(keys: readonly string[]): Promise<void>;
  /** Forgets counts last touched before `before`; returns how many. */
  prune(before: string): Promise<number>;
}

export function signInFailureRepository(db: Executor): SignInFailureRepository {
  return {
    get: async (keys, since) => {
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom('sign_in_failures')
        .selectAll()
        .where('key', 'in', keys)
        .where('last_failed_at', '>=', new Date(since))
        .execute();
      return rows.map((row) => ({
        key: row.key,
        failures: row.failures,
        lastFailedAt: iso(row.last_failed_at),
      }));
    },
    record: async (keys, at, since) => {
      for (const key of [...new Set(keys)].sort()) {
        // One statement per key, so two processes counting the same key at once both count.
        await db
          .insertInto('sign_in_failures')
          .values({ key, failures: 1, last_failed_at: at })
          .onConflict((conflict) =>
            conflict.column('key').doUpdateSet({
              failures: sql<number>`case when sign_in_failures.last_failed_at < ${new Date(since)}
                then 1 else sign_in_failures.failures + 1 end`,
              last_failed_at: at,
            }),
          )
          .execute();
      }
    },
    clear: async (keys) => {
      if (keys.length === 0) return;
      await db.deleteFrom('sign_in_failures').where('key', 'in', keys).execute();
    },
    prune: async (before) => {
      const result = await db
        .deleteFrom('sign_in_failures')
        .where('last_failed_at', '<', new Date(before))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
