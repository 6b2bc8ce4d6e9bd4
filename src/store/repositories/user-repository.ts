import type { ClearanceLevel, User } from '../../programme/index.js';
import { userSchema } from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { parseStored } from './stored-value.js';

/** What a sign-in needs besides the user: the password hash and whether TOTP is set up. */
export interface UserCredentials {
  readonly passwordHash: string | undefined;
  readonly totpEnabled: boolean;
  readonly disabled: boolean;
}

/**
 * User accounts with their clearance and compartments. The TOTP secret is sealed, so it is
 * written and read through SealedData (every read audited). Writes of several rows run in one
 * transaction (the caller's, if it passed one).
 */
export interface UserRepository {
  /** Adds a user with its clearance and compartments (granted by `grantedBy`). */
  insert(
    user: User,
    options: { at: string; grantedBy?: string; passwordHash?: string },
  ): Promise<void>;
  get(id: string): Promise<User | undefined>;
  listByOrganisation(organisationId: string): Promise<User[]>;
  credentials(id: string): Promise<UserCredentials | undefined>;
  setPasswordHash(id: string, passwordHash: string): Promise<void>;
  setClearance(id: string, level: ClearanceLevel, grantedBy: string, at: string): Promise<void>;
  grantCompartment(id: string, compartment: string, grantedBy: string, at: string): Promise<void>;
  revokeCompartment(id: string, compartment: string): Promise<boolean>;
  setTotpSecret(id: string, secret: string, sealed: SealedData): Promise<void>;
  openTotpSecret(id: string, sealed: SealedData, audit: AuditSealedRead): Promise<string>;
  disable(id: string, at: string): Promise<boolean>;
}

export function userRepository(db: Executor): UserRepository {
  const load = async (ids: readonly string[] | undefined, organisationId?: string) => {
    let query = db
      .selectFrom('users')
      .leftJoin('clearances', 'clearances.user_id', 'users.id')
      .select([
        'users.id',
        'users.organisation_id',
        'users.display_name',
        'users.role',
        'clearances.level',
      ])
      .orderBy('users.id');
    if (ids !== undefined) query = query.where('users.id', 'in', ids);
    if (organisationId !== undefined)
      query = query.where('users.organisation_id', '=', organisationId);
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
        userSchema,
        {
          id: row.id,
          organisationId: row.organisation_id,
          displayName: row.display_name,
          role: row.role,
          clearance: row.level ?? 'UNCLASSIFIED',
          compartments: grants
            .filter((grant) => grant.user_id === row.id)
            .map((grant) => grant.compartment),
        },
        `user ${row.id}`,
        'users',
      ),
    );
  };
  const totpRef = (id: string) => ({ kind: 'user-totp-secret', objectId: id }) as const;
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
            password_hash: options.passwordHash ?? null,
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
    get: async (id) => (await load([id]))[0],
    listByOrganisation: (organisationId) => load(undefined, organisationId),
    credentials: async (id) => {
      const row = await db
        .selectFrom('users')
        .select(['password_hash', 'totp_enabled', 'disabled_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : {
            passwordHash: row.password_hash ?? undefined,
            totpEnabled: row.totp_enabled,
            disabled: row.disabled_at !== null,
          };
    },
    setPasswordHash: async (id, passwordHash) => {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash })
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
    grantCompartment: async (id, compartment, grantedBy, at) => {
      await db
        .insertInto('user_compartments')
        .values({ user_id: id, compartment, granted_by: grantedBy, granted_at: at })
        .onConflict((conflict) => conflict.columns(['user_id', 'compartment']).doNothing())
        .execute();
    },
    revokeCompartment: async (id, compartment) => {
      const result = await db
        .deleteFrom('user_compartments')
        .where('user_id', '=', id)
        .where('compartment', '=', compartment)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    setTotpSecret: (id, secret, sealed) =>
      atomically(db, async (tx) => {
        await sealed.seal(totpRef(id), secret, tx);
        await tx.updateTable('users').set({ totp_enabled: true }).where('id', '=', id).execute();
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
