import { StoreQueryError } from '../errors/store-query-error.js';
import type { Executor } from '../store.js';
import { iso, optional } from './stored-value.js';

/** What a compartment holds: one developer's data, one submission's, or programme-wide data. */
export type CompartmentKind = 'developer' | 'submission' | 'programme';

/**
 * A compartment: one per developer, one per submission, and programme-wide ones (the criteria's),
 * owned by an organisation.
 */
export interface Compartment {
  readonly name: string;
  readonly kind: CompartmentKind;
  readonly organisationId: string;
  readonly submissionId?: string;
  readonly createdAt: string;
}

export interface CompartmentRepository {
  create(compartment: Compartment): Promise<void>;
  get(name: string): Promise<Compartment | undefined>;
  /** The compartments of a developer organisation (its own and its submissions'). */
  listOf(organisationId: string): Promise<Compartment[]>;
}

function compartmentKind(kind: string): CompartmentKind {
  if (kind === 'developer' || kind === 'submission' || kind === 'programme') return kind;
  throw new StoreQueryError(`stored compartment kind ${kind} is not one Vigil knows`, {
    table: 'compartments',
    hint: 'the row was changed outside Vigil; restore it from a backup',
  });
}

export function compartmentRepository(db: Executor): CompartmentRepository {
  const select = () => db.selectFrom('compartments').selectAll().orderBy('name');
  const fromRow = (
    row: Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>,
  ): Compartment => ({
    name: row.name,
    kind: compartmentKind(row.kind),
    organisationId: row.organisation_id,
    ...optional('submissionId', row.submission_id),
    createdAt: iso(row.created_at),
  });
  return {
    create: async (compartment) => {
      await db
        .insertInto('compartments')
        .values({
          name: compartment.name,
          kind: compartment.kind,
          organisation_id: compartment.organisationId,
          submission_id: compartment.submissionId ?? null,
          created_at: compartment.createdAt,
        })
        .execute();
    },
    get: async (name) => {
      const row = await select().where('name', '=', name).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listOf: async (organisationId) =>
      (await select().where('organisation_id', '=', organisationId).execute()).map(fromRow),
  };
}
