import { sql, type Selectable } from 'kysely';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { AccessGrantsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, optional, optionalIso } from './stored-value.js';

/** The developer's grant of access to its model: where to reach it. The credential is sealed. */
export interface AccessGrant {
  readonly id: string;
  readonly submissionId: string;
  /** The model to call, `provider/model`, e.g. `openai/frontier-preview`. */
  readonly model: string;
  /** The endpoint's base URL, e.g. an OpenAI-compatible server; the provider's own if absent. */
  readonly endpoint?: string;
  readonly grantedBy: string;
  readonly grantedAt: string;
  readonly revokedAt?: string;
  readonly revokeReason?: string;
}

/**
 * Access grants and their sealed credentials (kind `access-grant-credential`). Revoking a grant
 * purges its credential in the same transaction: withdrawal leaves no usable credential behind.
 * A submission has at most one live grant (the schema refuses a second: UniqueViolationError);
 * to replace it, revoke it first.
 */
export interface AccessGrantRepository {
  create(
    grant: Omit<AccessGrant, 'revokedAt' | 'revokeReason'>,
    credential: string,
    sealed: SealedData,
  ): Promise<void>;
  get(id: string): Promise<AccessGrant | undefined>;
  /** Every grant of a submission, oldest first. */
  listFor(submissionId: string): Promise<AccessGrant[]>;
  /** The submission's live grant, or else its newest revoked one. */
  latest(submissionId: string): Promise<AccessGrant | undefined>;
  /** `latest` of each of these submissions that has a grant, in one query. */
  latestOf(submissionIds: readonly string[]): Promise<Map<string, AccessGrant>>;
  /** The credential, for the harness to call the model; every read audited. */
  openCredential(id: string, sealed: SealedData, audit: AuditSealedRead): Promise<string>;
  /** Revokes every live grant of a submission and purges their credentials; returns how many. */
  revokeAll(submissionId: string, reason: string, at: string, sealed: SealedData): Promise<number>;
}

function fromRow(row: Selectable<AccessGrantsTable>): AccessGrant {
  return {
    id: row.id,
    submissionId: row.submission_id,
    model: row.model,
    ...optional('endpoint', row.endpoint),
    grantedBy: row.granted_by,
    grantedAt: iso(row.granted_at),
    ...optionalIso('revokedAt', row.revoked_at),
    ...optional('revokeReason', row.revoke_reason),
  };
}

/** Sorts the live grant (there is at most one) before revoked ones. */
const liveFirst = sql<boolean>`revoked_at is null`;

const credentialRef = (id: string) => ({ kind: 'access-grant-credential', objectId: id }) as const;

export function accessGrantRepository(db: Executor): AccessGrantRepository {
  return {
    create: (grant, credential, sealed) =>
      atomically(db, async (tx) => {
        await tx
          .insertInto('access_grants')
          .values({
            id: grant.id,
            submission_id: grant.submissionId,
            model: grant.model,
            endpoint: grant.endpoint ?? null,
            granted_by: grant.grantedBy,
            granted_at: grant.grantedAt,
          })
          .execute();
        await sealed.seal(credentialRef(grant.id), credential, tx);
      }),
    get: async (id) => {
      const row = await db
        .selectFrom('access_grants')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listFor: async (submissionId) =>
      (
        await db
          .selectFrom('access_grants')
          .selectAll()
          .where('submission_id', '=', submissionId)
          .orderBy('granted_at')
          .orderBy('id')
          .execute()
      ).map(fromRow),
    latest: async (submissionId) => {
      const row = await db
        .selectFrom('access_grants')
        .selectAll()
        .where('submission_id', '=', submissionId)
        .orderBy(liveFirst, 'desc')
        .orderBy('granted_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    latestOf: async (submissionIds) => {
      if (submissionIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('access_grants')
        .selectAll()
        .distinctOn('submission_id')
        .where('submission_id', 'in', submissionIds)
        .orderBy('submission_id')
        .orderBy(liveFirst, 'desc')
        .orderBy('granted_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return new Map(rows.map((row) => [row.submission_id, fromRow(row)]));
    },
    openCredential: (id, sealed, audit) => sealed.openText(credentialRef(id), audit, db),
    revokeAll: (submissionId, reason, at, sealed) =>
      atomically(db, async (tx) => {
        const revoked = await tx
          .updateTable('access_grants')
          .set({ revoked_at: at, revoke_reason: reason })
          .where('submission_id', '=', submissionId)
          .where('revoked_at', 'is', null)
          .returning('id')
          .execute();
        for (const { id } of revoked) await sealed.purge(credentialRef(id), reason, tx);
        return revoked.length;
      }),
  };
}
