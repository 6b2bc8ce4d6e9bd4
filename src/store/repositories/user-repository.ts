import type { ClearanceLevel, User } from '../../programme/index.js';
import { userSchema } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, optional, optionalIso, parseStored } from './stored-value.js';
import { userAccountSchema, type UserAccount } from './user-account.js';

/** What a sign-in needs besides the user: the password hash and whether TOTP is set up. */
export interface UserCredentials {
  readonly passwordHash: string | undefined;
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
}

/** How a new user signs in. */
export interface NewUserOptions {
  readonly at: string;
  /** The unique sign-in name; a taken one throws UniqueViolationError. */
  readonly username: string;
  /** Who set the clearance and compartments (null when the system did). */
  readonly grantedBy?: string;
  readonly passwordHash?: string;
  /** The password is a one-time password (needs `passwordHash`). */
  readonly mustChangePassword?: boolean;
}

/**
 * User accounts with their clearance and compartments, their sign-in name and the state of
 * their credentials. The TOTP secret is sealed, so it is written and read through SealedData
 * (every read audited). Writes of several rows run in one transaction (the caller's, if it
 * passed one). The schema refuses a clearance someone grants themselves.
 */
export interface UserRepository {
  /** Adds a user with its clearance and compartments (granted by `grantedBy`). */
  insert(user: User, options: NewUserOptions): Promise<void>;
  get(id: string): Promise<User | undefined>;
  listByOrganisation(organisationId: string): Promise<User[]>;
  /** The user with its sign-in name and credentials' state. */
  account(id: string): Promise<UserAccount | undefined>;
  accountByUsername(username: string): Promise<UserAccount | undefined>;
  /** Every account, by id. */
  accounts(): Promise<UserAccount[]>;
  credentials(id: string): Promise<UserCredentials | undefined>;
  /** Sets the password hash; `oneTime` makes the next sign-in choose a new password. */
  setPassword(
    id: string,
    passwordHash: string,
    options: { readonly oneTime: boolean },
  ): Promise<void>;
  setClearance(id: string, level: ClearanceLevel, grantedBy: string, at: string): Promise<void>;
  grantCompartment(id: string, compartment: string, grantedBy: string, at: string): Promise<void>;
  revokeCompartment(id: string, compartment: string): Promise<boolean>;
  /** Makes the user's compartments exactly `compartments` (granted by `grantedBy`). */
  setCompartments(
    id: string,
    compartments: readonly string[],
    grantedBy: string,
    at: string,
  ): Promise<void>;
  /** Seals a new TOTP secret; the authenticator is pending until `confirmTotp`. */
  setTotpSecret(id: string, secret: string, sealed: SealedData): Promise<void>;
  /**
   * Enrols a pending authenticator; `step` is the time step of the code that confirmed it, which
   * is then not accepted again. False when nothing was pending.
   */
  confirmTotp(id: string, step?: number): Promise<boolean>;
  /**
   * Records that a code of time step `step` was accepted: only for an enrolled authenticator and
   * a step later than the last, so a code replayed, even by two sign-ins at once, is refused
   * (false).
   */
  acceptTotpStep(id: string, step: number): Promise<boolean>;
  /** Purges the TOTP secret and forgets the authenticator (a reset by a security officer). */
  resetTotp(id: string, reason: string, sealed: SealedData): Promise<void>;
  openTotpSecret(id: string, sealed: SealedData, audit: AuditSealedRead): Promise<string>;
  disable(id: string, at: string): Promise<boolean>;
}

const totpRef = (id: string) => ({ kind: 'user-totp-secret', objectId: id }) as const;

export function userRepository(db: Executor): UserRepository {
  const load = async (
    filter: { ids?: readonly string[]; organisationId?: string; username?: string } = {},
  ) => {
    let query = db
      .selectFrom('users')
      .leftJoin('clearances', 'clearances.user_id', 'users.id')
      .selectAll('users')
      .select('clearances.level')
      .orderBy('users.id');
    if (filter.ids !== undefined) query = query.where('users.id', 'in', filter.ids);
    if (filter.organisationId !== undefined)
      query = query.where('users.organisation_id', '=', filter.organisationId);
    if (filter.username !== undefined) query = query.where('users.username', '=', filter.username);
    const rows = await query.execute();
    if (rows.length === 0) return [];
    const grants = await db
      .selectFrom('user_compartments')
      .select(['user_id', 'compartment'])
      .where(
        'user_id',
        'in',
        rows.map((row) => row.id),
      )
      .orderBy('compartment')
      .execute();
    return rows.map((row) =>
      parseStored(
        userAccountSchema,
        {
          user: {
            id: row.id,
            organisationId: row.organisation_id,
            displayName: row.display_name,
            role: row.role,
            clearance: row.level ?? 'UNCLASSIFIED',
            compartments: grants
              .filter((grant) => grant.user_id === row.id)
              .map((grant) => grant.compartment),
          },
          username: row.username,
          ...optional('passwordHash', row.password_hash),
          mustChangePassword: row.must_change_password,
          totp: { status: row.totp_status, ...optional('lastStep', row.totp_last_step) },
          createdAt: iso(row.created_at),
          ...optionalIso('disabledAt', row.disabled_at),
        },
        `user ${row.id}`,
        'users',
      ),
    );
  };
  const users = async (filter: Parameters<typeof load>[0]) =>
    (await load(filter)).map((account) =>
      parseStored(userSchema, account.user, `user ${account.user.id}`, 'users'),
    );
  const grantCompartment = async (
    executor: Executor,
    id: string,
    compartment: string,
    grantedBy: string,
    at: string,
  ) => {
    await executor
      .insertInto('user_compartments')
      .values({ user_id: id, compartment, granted_by: grantedBy, granted_at: at })
      .onConflict((conflict) => conflict.columns(['user_id', 'compartment']).doNothing())
      .execute();
  };
  return {
    insert: (user, options) =>
      atomically(db, async (tx) => {
        await tx
          .insertInto('users')
          .values({
            id: user.id,
            organisation_id: user.organisationId,
            display_name: user.displayName,
            role: user.role,
            username: options.username,
            password_hash: options.passwordHash ?? null,
            must_change_password: options.mustChangePassword ?? false,
            created_at: options.at,
          })
          .execute();
        await tx
          .insertInto('clearances')
          .values({
            user_id: user.id,
            level: user.clearance,
            granted_by: options.grantedBy ?? null,
            granted_at: options.at,
          })
          .execute();
        if (user.compartments.length > 0) {
          await tx
            .insertInto('user_compartments')
            .values(
              user.compartments.map((compartment) => ({
                user_id: user.id,
                compartment,
                granted_by: options.grantedBy ?? user.id,
                granted_at: options.at,
              })),
            )
            .execute();
        }
      }),
    get: async (id) => (await users({ ids: [id] }))[0],
    listByOrganisation: (organisationId) => users({ organisationId }),
    account: async (id) => (await load({ ids: [id] }))[0],
    accountByUsername: async (username) => (await load({ username }))[0],
    accounts: () => load(),
    credentials: async (id) => {
      const row = await db
        .selectFrom('users')
        .select(['password_hash', 'totp_status', 'disabled_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            passwordHash: row.password_hash ?? undefined,
            totpEnabled: row.totp_status === 'enrolled',
            disabled: row.disabled_at !== null,
          };
    },
    setPassword: async (id, passwordHash, options) => {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, must_change_password: options.oneTime })
        .where('id', '=', id)
        .execute();
    },
    setClearance: async (id, level, grantedBy, at) => {
      await db
        .insertInto('clearances')
        .values({ user_id: id, level, granted_by: grantedBy, granted_at: at })
        .onConflict((conflict) =>
          conflict.column('user_id').doUpdateSet({ level, granted_by: grantedBy, granted_at: at }),
        )
        .execute();
    },
    grantCompartment: (id, compartment, grantedBy, at) =>
      grantCompartment(db, id, compartment, grantedBy, at),
    revokeCompartment: async (id, compartment) => {
      const result = await db
        .deleteFrom('user_compartments')
        .where('user_id', '=', id)
        .where('compartment', '=', compartment)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    setCompartments: (id, compartments, grantedBy, at) =>
      atomically(db, async (tx) => {
        let removal = tx.deleteFrom('user_compartments').where('user_id', '=', id);
        if (compartments.length > 0) removal = removal.where('compartment', 'not in', compartments);
        await removal.execute();
        for (const compartment of compartments) {
          await grantCompartment(tx, id, compartment, grantedBy, at);
        }
      }),
    setTotpSecret: (id, secret, sealed) =>
      atomically(db, async (tx) => {
        await sealed.seal(totpRef(id), secret, tx);
        await tx
          .updateTable('users')
          .set({ totp_status: 'pending', totp_last_step: null })
          .where('id', '=', id)
          .execute();
      }),
    confirmTotp: async (id, step) => {
      const result = await db
        .updateTable('users')
        .set({ totp_status: 'enrolled', totp_last_step: step ?? null })
        .where('id', '=', id)
        .where('totp_status', '=', 'pending')
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    acceptTotpStep: async (id, step) => {
      const result = await db
        .updateTable('users')
        .set({ totp_last_step: step })
        .where('id', '=', id)
        .where('totp_status', '=', 'enrolled')
        .where((where) =>
          where.or([where('totp_last_step', 'is', null), where('totp_last_step', '<', step)]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    resetTotp: (id, reason, sealed) =>
      atomically(db, async (tx) => {
        await sealed.purge(totpRef(id), reason, tx);
        await tx
          .updateTable('users')
          .set({ totp_status: 'none', totp_last_step: null })
          .where('id', '=', id)
          .execute();
      }),
    openTotpSecret: (id, sealed, audit) => sealed.openText(totpRef(id), audit, db),
    disable: async (id, at) => {
      const result = await db
        .updateTable('users')
        .set({ disabled_at: at })
        .where('id', '=', id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
