import type { Selectable } from 'kysely';
import type { Model } from '../../programme/index.js';
import { modelSchema } from '../../programme/index.js';
import type { ModelsTable } from '../schema/programme-tables.js';
import type { Executor } from '../store.js';
import { parseStored } from './stored-value.js';

/** Models under the programme; designation attaches to a model, participation or not. */
export interface ModelRepository {
  insert(model: Model, at: string): Promise<void>;
  get(id: string): Promise<Model | undefined>;
  listOf(developerOrganisationId: string): Promise<Model[]>;
}

function fromRow(row: Selectable<ModelsTable>): Model {
  return parseStored(
    modelSchema,
    {
      id: row.id,
      developerOrganisationId: row.developer_organisation_id,
      name: row.name,
      inDevelopment: row.in_development,
    },
    `model ${row.id}`,
    'models',
  );
}

export function modelRepository(db: Executor): ModelRepository {
  return {
    insert: async (model, at) => {
      await db
        .insertInto('models')
        .values({
          id: model.id,
          developer_organisation_id: model.developerOrganisationId,
          name: model.name,
          in_development: model.inDevelopment,
          created_at: at,
        })
        .execute();
    },
    get: async (id) => {
      const row = await db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : fromRow(row);
    },
    listOf: async (developerOrganisationId) =>
      (
        await db
          .selectFrom('models')
          .selectAll()
          .where('developer_organisation_id', '=', developerOrganisationId)
          .orderBy('id')
          .execute()
      ).map(fromRow),
  };
}
