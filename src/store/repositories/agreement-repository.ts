import type { AccessAgreement, AgreementAcceptance } from '../../programme/index.js';
import { accessAgreementSchema, agreementAcceptanceSchema } from '../../programme/index.js';
import type { Executor } from '../store.js';
import { iso, parseStored } from './stored-value.js';

/** The access agreement's versions and who accepted which. */
export interface AgreementRepository {
  publish(agreement: AccessAgreement): Promise<void>;
  /** The newest version of an agreement. */
  current(id: string): Promise<AccessAgreement | undefined>;
  accept(acceptance: AgreementAcceptance): Promise<void>;
  acceptancesOf(userId: string): Promise<AgreementAcceptance[]>;
}

export function agreementRepository(db: Executor): AgreementRepository {
  return {
    publish: async (agreement) => {
      await db
        .insertInto('access_agreements')
        .values({
          id: agreement.id,
          version: agreement.version,
          title: agreement.title,
          published_at: agreement.publishedAt,
        })
        .execute();
    },
    current: async (id) => {
      const row = await db
        .selectFrom('access_agreements')
        .selectAll()
        .where('id', '=', id)
        .orderBy('version', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row === undefined
        ? undefined
        : parseStored(
            accessAgreementSchema,
            {
              id: row.id,
              version: row.version,
              title: row.title,
              publishedAt: iso(row.published_at),
            },
            `access agreement ${row.id} v${row.version}`,
            'access_agreements',
          );
    },
    accept: async (acceptance) => {
      await db
        .insertInto('agreement_acceptances')
        .values({
          user_id: acceptance.userId,
          agreement_id: acceptance.agreementId,
          version: acceptance.version,
          accepted_at: acceptance.acceptedAt,
        })
        .onConflict((conflict) =>
          conflict.columns(['user_id', 'agreement_id', 'version']).doNothing(),
        )
        .execute();
    },
    acceptancesOf: async (userId) => {
      const rows = await db
        .selectFrom('agreement_acceptances')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('agreement_id')
        .orderBy('version')
        .execute();
      return rows.map((row) =>
        parseStored(
          agreementAcceptanceSchema,
          {
            userId: row.user_id,
            agreementId: row.agreement_id,
            version: row.version,
            acceptedAt: iso(row.accepted_at),
          },
          `acceptance of ${row.agreement_id} by ${row.user_id}`,
          'agreement_acceptances',
        ),
      );
    },
  };
}
