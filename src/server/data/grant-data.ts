import type { NeedToKnowGrant } from '../../programme/index.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';

/**
 * Need-to-know grants. The schema holds the rules too: the issuer is a user other than the
 * holder, a grant ends after it starts, and its submission or compartment exists.
 */
export interface GrantData {
  insert(grant: NeedToKnowGrant): Promise<void>;
  get(id: string): Promise<NeedToKnowGrant | undefined>;
  /** One person's grants, or everyone's; revoked and expired ones included. */
  list(userId?: string): Promise<NeedToKnowGrant[]>;
  /** Revokes a grant; false when it was revoked already. */
  revoke(id: string, at: string): Promise<boolean>;
}

export function grantData(db: Executor): GrantData {
  const { needToKnowGrants } = repositories(db);
  return {
    insert: (grant) => needToKnowGrants.insert(grant),
    get: (id) => needToKnowGrants.get(id),
    list: (userId) =>
      userId === undefined ? needToKnowGrants.list() : needToKnowGrants.listOf(userId),
    revoke: (id, at) => needToKnowGrants.revoke(id, at),
  };
}
