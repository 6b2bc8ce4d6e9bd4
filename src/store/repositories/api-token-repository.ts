import type { Selectable } from 'kysely';
import type { ApiTokensTable } from '../schema/people-tables.js';
import type { Executor } from '../store.js';
import { iso, optionalIso } from './stored-value.js';

/** An API token: hashed, scoped, expiring. */
export interface ApiToken {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly tokenHash: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
}

export interface ApiTokenRepository {
  create(token: Omit<ApiToken, 'lastUsedAt' | 'revokedAt'>): Promise<void>;
  /** The token, whatever its state: the caller compares the hash and checks its dates. */
  get(id: string): Promise<ApiToken | undefined>;
  /** The token with this hash, if it is neither revoked nor expired at `now`. */
  findLive(tokenHash: string, now: string): Promise<ApiToken | undefined>;
  listOf(userId: string): Promise<ApiToken[]>;
  touch(id: string, at: string): Promise<void>;
  revoke(id: string, at: string): Promise<boolean>;
}

function fromRow(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: row.scopes,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    ...optionalIso('lastUsedAt', row.last_used_at),
    ...optionalIso('revokedAt', row.revoked_at),
  };
}

export function apiTokenRepository(db: Executor): ApiTokenRepository {
  return {
    create: async (token) => {
      await db
        .insertInto('api_tokens')
        .values({
          id: token.id,
          user_id: token.userId,
          name: token.name,
          token_hash: token.tokenHash,
          scopes: [...token.scopes],
          created_at: token.createdAt,
          expires_at: token.expiresAt,
        })
        .execute();
    },
    get: async (id) => {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    findLive: async (tokenHash, now) => {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', new Date(now))
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listOf: async (userId) =>
      (
        await db
          .selectFrom('api_tokens')
          .selectAll()
          .where('user_id', '=', userId)
          .orderBy('created_at')
          .execute()
      ).map(fromRow),
    touch: async (id, at) => {
      await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    revoke: async (id, at) => {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
