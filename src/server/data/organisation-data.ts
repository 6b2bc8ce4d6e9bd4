import type { Organisation, OrganisationKind } from '../../programme/index.js';
import { repositories } from '../../store/repositories/repositories.js';
import { inTransaction, type Executor } from '../../store/store.js';
import { developerCompartment } from '../authorization/markings.js';

/** Organisations as the service keeps them: a developer comes with its compartment. */
export interface OrganisationData {
  get(id: string): Promise<Organisation | undefined>;
  /** Every organisation, or those of one kind, by id. */
  list(kind?: OrganisationKind): Promise<Organisation[]>;
  /**
   * Adds an organisation; a developer's compartment (`DEV-…`) is created with it, so people can
   * be read into it. A taken id, or a developer whose compartment name is taken, throws
   * UniqueViolationError and writes nothing.
   */
  insert(organisation: Organisation, at: string): Promise<void>;
}

export function organisationData(db: Executor): OrganisationData {
  const { organisations } = repositories(db);
  return {
    get: (id) => organisations.get(id),
    list: (kind) => organisations.list(kind),
    insert: (organisation, at) =>
      inTransaction(db, async (tx) => {
        const data = repositories(tx);
        await data.organisations.insert(organisation, at);
        if (organisation.kind === 'developer') {
          await data.compartments.create({
            name: developerCompartment(organisation.id),
            kind: 'developer',
            organisationId: organisation.id,
            createdAt: at,
          });
        }
      }),
  };
}
