import type { TrustedPartner } from '../../programme/index.js';
import { trustedPartnerSchema } from '../../programme/index.js';
import type { Executor } from '../store.js';
import { atomically } from './atomically.js';
import { iso, optionalIso, parseStored } from './stored-value.js';

/** Which side approved a partner. */
export type PartnerSide = 'government' | 'developer';

/**
 * Trusted partners and their approvals, one per side (a second approval by the same side throws
 * UniqueViolationError). Whether a partner has access is the domain's call (`partnerStatus`).
 */
export interface PartnerRepository {
  /** Stores a proposed partner; approvals it already carries are stored too. */
  insert(partner: TrustedPartner): Promise<void>;
  get(id: string): Promise<TrustedPartner | undefined>;
  listFor(submissionId: string): Promise<TrustedPartner[]>;
  approve(partnerId: string, side: PartnerSide, approvedBy: string, at: string): Promise<void>;
  revoke(partnerId: string, at: string): Promise<boolean>;
}

export function partnerRepository(db: Executor): PartnerRepository {
  const load = async (column: 'id' | 'submission_id', value: string): Promise<TrustedPartner[]> => {
    const rows = await db
      .selectFrom('trusted_partners')
      .selectAll()
      .where(column, '=', value)
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const approvals = await db
      .selectFrom('partner_approvals')
      .selectAll()
      .where(
        'partner_id',
        'in',
        rows.map((row) => row.id),
      )
      .execute();
    return rows.map((row) => {
      const side = (name: PartnerSide) => {
        const approval = approvals.find(
          (candidate) => candidate.partner_id === row.id && candidate.side === name,
        );
        return approval === undefined
          ? undefined
          : { approvedBy: approval.approved_by, approvedAt: iso(approval.approved_at) };
      };
      const government = side('government');
      const developer = side('developer');
      return parseStored(
        trustedPartnerSchema,
        {
          id: row.id,
          submissionId: row.submission_id,
          partnerOrganisationId: row.partner_organisation_id,
          governmentPeriodEndsAt: iso(row.government_period_ends_at),
          ...(government === undefined ? {} : { governmentApproval: government }),
          ...(developer === undefined ? {} : { developerApproval: developer }),
          ...optionalIso('revokedAt', row.revoked_at),
        },
        `trusted partner ${row.id}`,
        'trusted_partners',
      );
    });
  };
  const approve = async (
    executor: Executor,
    partnerId: string,
    side: PartnerSide,
    approvedBy: string,
    at: string,
  ) => {
    await executor
      .insertInto('partner_approvals')
      .values({ partner_id: partnerId, side, approved_by: approvedBy, approved_at: at })
      .execute();
  };
  return {
    insert: (partner) =>
      atomically(db, async (tx) => {
        await tx
          .insertInto('trusted_partners')
          .values({
            id: partner.id,
            submission_id: partner.submissionId,
            partner_organisation_id: partner.partnerOrganisationId,
            government_period_ends_at: partner.governmentPeriodEndsAt,
            revoked_at: partner.revokedAt ?? null,
          })
          .execute();
        const sides: [PartnerSide, TrustedPartner['governmentApproval']][] = [
          ['government', partner.governmentApproval],
          ['developer', partner.developerApproval],
        ];
        for (const [side, approval] of sides) {
          if (approval !== undefined) {
            await approve(tx, partner.id, side, approval.approvedBy, approval.approvedAt);
          }
        }
      }),
    get: async (id) => (await load('id', id))[0],
    listFor: (submissionId) => load('submission_id', submissionId),
    approve: (partnerId, side, approvedBy, at) => approve(db, partnerId, side, approvedBy, at),
    revoke: async (partnerId, at) => {
      const result = await db
        .updateTable('trusted_partners')
        .set({ revoked_at: at })
        .where('id', '=', partnerId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
