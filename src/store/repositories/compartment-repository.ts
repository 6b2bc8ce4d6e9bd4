import type { Executor } from '../store.js';
import { iso, optional } from './stored-value.js';

/** A compartment: one per developer, one per submission. */
export interface Compartment {
  readonly name: string;
  readonly kind: 'developer' | 'submission';
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

export function compartmentRepository(db: Executor): CompartmentRepository {
  const select = () => db.selectFrom('compartments').selectAll().orderBy('name');
  const fromRow = (
    row: Awaited<ReturnType<ReturnType<typeof select>['executeTakeFirstOrThrow']>>,
  ): Compartment => ({
    name: row.name,
    kind: row.kind === 'submission' ? 'submission' : 'developer',
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
