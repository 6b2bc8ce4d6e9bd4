import type { ClearanceLevel } from '../../programme/index.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { UserRepository } from '../../store/repositories/user-repository.js';
import { inTransaction, type Executor } from '../../store/store.js';
import type { Account } from './records.js';

/**
 * Accounts as the service uses them: the store's users with their sign-in name and credentials.
 * Besides reading, every change is one of the user repository's named steps, so the schema's
 * rules apply (a unique sign-in name, nobody clearing themselves, a code accepted once).
 */
export interface AccountData extends Pick<
  UserRepository,
  | 'insert'
  | 'setPassword'
  | 'setTotpSecret'
  | 'confirmTotp'
  | 'acceptTotpStep'
  | 'resetTotp'
  | 'disable'
> {
  get(id: string): Promise<Account | undefined>;
  findByUsername(username: string): Promise<Account | undefined>;
  /** Every account, by id. */
  list(): Promise<Account[]>;
  /**
   * Sets a person's clearance level and exactly these compartments, as `grantedBy`, in one
   * transaction. An unknown compartment fails it whole (StoreQueryError, SQLSTATE 23503).
   */
  setClearance(
    id: string,
    clearance: { readonly level: ClearanceLevel; readonly compartments: readonly string[] },
    grantedBy: string,
    at: string,
  ): Promise<void>;
}

export function accountData(db: Executor): AccountData {
  const { users } = repositories(db);
  return {
    get: (id) => users.account(id),
    findByUsername: (username) => users.accountByUsername(username),
    list: () => users.accounts(),
    insert: (user, options) => users.insert(user, options),
    setPassword: (id, passwordHash, options) => users.setPassword(id, passwordHash, options),
    setTotpSecret: (id, secret, sealed) => users.setTotpSecret(id, secret, sealed),
    confirmTotp: (id, step) => users.confirmTotp(id, step),
    acceptTotpStep: (id, step) => users.acceptTotpStep(id, step),
    resetTotp: (id, reason, sealed) => users.resetTotp(id, reason, sealed),
    disable: (id, at) => users.disable(id, at),
    setClearance: (id, clearance, grantedBy, at) =>
      inTransaction(db, async (tx) => {
        const { users: inTx } = repositories(tx);
        await inTx.setClearance(id, clearance.level, grantedBy, at);
        await inTx.setCompartments(id, clearance.compartments, grantedBy, at);
      }),
  };
}
