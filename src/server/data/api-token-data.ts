import { repositories } from '../../store/repositories/repositories.js';
import type { ApiToken as StoredToken } from '../../store/repositories/api-token-repository.js';
import type { Executor } from '../../store/store.js';
import { parseStored } from '../../store/repositories/stored-value.js';
import { apiTokenSchema, type ApiToken } from './records.js';

/** API tokens as the service shows them: scopes are action names, the hash is the digest. */
export interface ApiTokenData {
  /** The token, whatever its state: the caller compares the digest and checks its dates. */
  get(id: string): Promise<ApiToken | undefined>;
  insert(token: ApiToken): Promise<void>;
  /** A user's tokens, oldest first. */
  list(userId: string): Promise<ApiToken[]>;
  touch(id: string, at: string): Promise<void>;
  /** Revokes a live token; false when it was revoked already. */
  revoke(id: string, at: string): Promise<boolean>;
}

function fromStored(token: StoredToken): ApiToken {
  const { tokenHash, ...rest } = token;
  return parseStored(
    apiTokenSchema,
    { ...rest, digest: tokenHash, scopes: [...token.scopes] },
    `API token ${token.id}`,
    'api_tokens',
  );
}

export function apiTokenData(db: Executor): ApiTokenData {
  const { apiTokens } = repositories(db);
  return {
    get: async (id) => {
      const token = await apiTokens.get(id);
      return token === undefined ? undefined : fromStored(token);
    },
    insert: (token) =>
      apiTokens.create({
        id: token.id,
        userId: token.userId,
        name: token.name,
        tokenHash: token.digest,
        scopes: token.scopes,
        createdAt: token.createdAt,
        expiresAt: token.expiresAt,
      }),
    list: async (userId) => (await apiTokens.listOf(userId)).map(fromStored),
    touch: (id, at) => apiTokens.touch(id, at),
    revoke: (id, at) => apiTokens.revoke(id, at),
  };
}
