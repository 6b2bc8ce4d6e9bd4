import type { Selectable } from 'kysely';
import type { SessionsTable } from '../schema/people-tables.js';
import { StoreQueryError } from '../errors/store-query-error.js';
import type { Executor } from '../store.js';
import { iso, optionalIso } from './stored-value.js';

/**
 * A session's stage: `setup` sessions (a one-time password, or no second factor yet) may only
 * finish setting the account up; `full` ones may do what the account may.
 */
export type SessionStage = 'setup' | 'full';

/** A signed-in session, found by the hash of its token. */
export interface Session {
  readonly idHash: string;
  readonly userId: string;
  readonly stage: SessionStage;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastSeenAt: string;
  /** When the second factor (TOTP) was checked; absent until then. */
  readonly secondFactorAt?: string;
  readonly source: string;
}

/** Sessions, stored by token hash only. */
export interface SessionRepository {
  /** Starts a session, last seen when created; `secondFactorAt` when a second factor was checked. */
  create(session: Omit<Session, 'lastSeenAt'>): Promise<void>;
  /** The session, if it exists, is not revoked and has not expired at `now`. */
  findLive(idHash: string, now: string): Promise<Session | undefined>;
  touch(idHash: string, at: string): Promise<void>;
  markSecondFactor(idHash: string, at: string): Promise<void>;
  revoke(idHash: string, at: string): Promise<boolean>;
  /**
   * Ends every session of a user (password change, reset, disabled account), but `except` (the
   * session that changed the password); returns how many.
   */
  revokeAllOf(userId: string, at: string, options?: { readonly except?: string }): Promise<number>;
  /**
   * Deletes sessions that ended (revoked or expired) before `before`; returns how many. Sign-ins
   * and sign-outs stay in the audit trail: a dead session's row serves nothing.
   */
  pruneEnded(before: string): Promise<number>;
}

function stageOf(row: Selectable<SessionsTable>): SessionStage {
  if (row.stage === 'setup' || row.stage === 'full') return row.stage;
  throw new StoreQueryError(`stored session stage ${row.stage} is not one Vigil knows`, {
    table: 'sessions',
    hint: 'the row was changed outside Vigil; restore it from a backup',
  });
}

function fromRow(row: Selectable<SessionsTable>): Session {
  return {
    idHash: row.id_hash,
    userId: row.user_id,
    stage: stageOf(row),
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    lastSeenAt: iso(row.last_seen_at),
    ...optionalIso('secondFactorAt', row.second_factor_at),
    source: row.source,
  };
}

export function sessionRepository(db: Executor): SessionRepository {
  return {
    create: async (session) => {
      await db
        .insertInto('sessions')
        .values({
          id_hash: session.idHash,
          user_id: session.userId,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
          last_seen_at: session.createdAt,
          second_factor_at: session.secondFactorAt ?? null,
          stage: session.stage,
          source: session.source,
        })
        .execute();
    },
    findLive: async (idHash, now) => {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date(now))
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    touch: async (idHash, at) => {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: at })
        .where('id_hash', '=', idHash)
        .execute();
    },
    markSecondFactor: async (idHash, at) => {
      await db
        .updateTable('sessions')
        .set({ second_factor_at: at })
        .where('id_hash', '=', idHash)
        .execute();
    },
    revoke: async (idHash, at) => {
      const result = await db
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('id_hash', '=', idHash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    pruneEnded: async (before) => {
      const cutoff = new Date(before);
      const result = await db
        .deleteFrom('sessions')
        .where((row) => row.or([row('revoked_at', '<', cutoff), row('expires_at', '<', cutoff)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    revokeAllOf: async (userId, at, options = {}) => {
      let query = db
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (options.except !== undefined) query = query.where('id_hash', '<>', options.except);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
