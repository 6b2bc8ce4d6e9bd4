import type { Selectable } from 'kysely';
import type { Organisation, OrganisationKind } from '../../programme/index.js';
import { organisationSchema } from '../../programme/index.js';
import type { OrganisationsTable } from '../schema/people-tables.js';
import type { Executor } from '../store.js';
import { parseStored } from './stored-value.js';

/** Organisations: developers, agencies, trusted partners. */
export interface OrganisationRepository {
  /** Adds an organisation; an existing id throws UniqueViolationError. */
  insert(organisation: Organisation, at: string): Promise<void>;
  get(id: string): Promise<Organisation | undefined>;
  /** Every organisation, or those of one kind, by id. */
  list(kind?: OrganisationKind): Promise<Organisation[]>;
}

function fromRow(row: Selectable<OrganisationsTable>): Organisation {
  const common = { id: row.id, name: row.name };
  const value =
    row.kind === 'agency'
      ? { ...common, kind: row.kind, shortName: row.short_name, criteriaRole: row.criteria_role }
      : row.kind === 'partner'
        ? { ...common, kind: row.kind, sector: row.sector }
        : { ...common, kind: row.kind };
  return parseStored(organisationSchema, value, `organisation ${row.id}`, 'organisations');
}

export function organisationRepository(db: Executor): OrganisationRepository {
  return {
    insert: async (organisation, at) => {
      await db
        .insertInto('organisations')
        .values({
          id: organisation.id,
          kind: organisation.kind,
          name: organisation.name,
          short_name: organisation.kind === 'agency' ? organisation.shortName : null,
          criteria_role: organisation.kind === 'agency' ? organisation.criteriaRole : null,
          sector: organisation.kind === 'partner' ? organisation.sector : null,
          created_at: at,
        })
        .execute();
    },
    get: async (id) => {
      const row = await db
        .selectFrom('organisations')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    list: async (kind) => {
      let query = db.selectFrom('organisations').selectAll().orderBy('id');
      if (kind !== undefined) query = query.where('kind', '=', kind);
      return (await query.execute()).map(fromRow);
    },
  };
}
