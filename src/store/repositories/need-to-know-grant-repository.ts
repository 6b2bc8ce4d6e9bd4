import type { Selectable } from 'kysely';
import type { NeedToKnowGrant } from '../../programme/index.js';
import { needToKnowGrantSchema } from '../../programme/index.js';
import type { NeedToKnowGrantsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { iso, optionalIso, parseStored } from './stored-value.js';

/** Time-limited need-to-know grants, issued by security officers. */
export interface NeedToKnowGrantRepository {
  /** Stores a grant the domain issued (`issueNeedToKnowGrant`). */
  insert(grant: NeedToKnowGrant): Promise<void>;
  get(id: string): Promise<NeedToKnowGrant | undefined>;
  /** Every grant of a user, revoked and expired ones included (the policy checks liveness). */
  listOf(userId: string): Promise<NeedToKnowGrant[]>;
  /** Every grant of everyone, by holder and start. */
  list(): Promise<NeedToKnowGrant[]>;
  revoke(id: string, at: string): Promise<boolean>;
}

function fromRow(row: Selectable<NeedToKnowGrantsTable>): NeedToKnowGrant {
  const scope =
    row.scope_kind === 'submission'
      ? { kind: 'submission', submissionId: row.submission_id }
      : { kind: 'compartment', compartment: row.compartment };
  return parseStored(
    needToKnowGrantSchema,
    {
      id: row.id,
      userId: row.user_id,
      scope,
      validFrom: iso(row.valid_from),
      validUntil: iso(row.valid_until),
      issuedBy: row.issued_by,
      issuedAt: iso(row.issued_at),
      reason: row.reason,
      ...optionalIso('revokedAt', row.revoked_at),
    },
    `need-to-know grant ${row.id}`,
    'need_to_know_grants',
  );
}

export function needToKnowGrantRepository(db: Executor): NeedToKnowGrantRepository {
  const select = () => db.selectFrom('need_to_know_grants').selectAll();
  return {
    insert: async (grant) => {
      await db
        .insertInto('need_to_know_grants')
        .values({
          id: grant.id,
          user_id: grant.userId,
          scope_kind: grant.scope.kind,
          submission_id: grant.scope.kind === 'submission' ? grant.scope.submissionId : null,
          compartment: grant.scope.kind === 'compartment' ? grant.scope.compartment : null,
          valid_from: grant.validFrom,
          valid_until: grant.validUntil,
          issued_by: grant.issuedBy,
          issued_at: grant.issuedAt,
          reason: grant.reason,
          revoked_at: grant.revokedAt ?? null,
        })
        .execute();
    },
    get: async (id) => {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listOf: async (userId) =>
      (
        await select().where('user_id', '=', userId).orderBy('valid_from').orderBy('id').execute()
      ).map(fromRow),
    list: async () =>
      (await select().orderBy('user_id').orderBy('valid_from').orderBy('id').execute()).map(
        fromRow,
      ),
    revoke: async (id, at) => {
      const result = await db
        .updateTable('need_to_know_grants')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
