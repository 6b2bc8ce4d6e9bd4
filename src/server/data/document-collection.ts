import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { describeIssues } from '../../core/validation/parse-with.js';
import type { Database } from '../../store/schema/database.js';
import { StoreQueryError } from '../../store/errors/store-query-error.js';
import type { Executor } from '../../store/store.js';
import type { ServerTables } from './server-tables.js';

/** The store's tables and the service's, in one typed handle. */
export type ServiceDb = Kysely<Database & ServerTables>;

/** The service's typed handle over an executor (the store's `db` or a transaction). */
export function serviceDb(db: Executor): ServiceDb {
  return db.withTables<ServerTables>();
}

/** Objects of one kind, stored as validated JSON documents. */
export interface Collection<Value> {
  get(id: string): Promise<Value | undefined>;
  /** Reads and locks the row until the transaction ends (use inside `store.transaction`). */
  lock(id: string): Promise<Value | undefined>;
  /** Every object, or those in one scope, in id order. */
  list(scope?: string): Promise<Value[]>;
  /** Adds a new object; a second object with the same id throws UniqueViolationError. */
  insert(value: Value): Promise<void>;
  /** Replaces an existing object; false when there was none. */
  update(value: Value): Promise<boolean>;
  /** Removes an object (sessions and tokens only; programme records are never deleted). */
  remove(id: string): Promise<boolean>;
}

/** How a kind of object is stored: its schema, its id, and the scope lists filter on. */
export interface CollectionSpec<Schema extends z.ZodType> {
  readonly kind: string;
  readonly schema: Schema;
  readonly idOf: (value: z.output<Schema>) => string;
  readonly scopeOf: (value: z.output<Schema>) => string;
}

function parse<Schema extends z.ZodType>(
  spec: CollectionSpec<Schema>,
  id: string,
  body: string,
): z.output<Schema> {
  const result = spec.schema.safeParse(JSON.parse(body));
  if (result.success) return result.data;
  throw new StoreQueryError(
    `stored ${spec.kind} ${id} does not match its schema: ${describeIssues(result.error)}`,
    { table: 'server_documents', hint: 'restore the record from a backup' },
  );
}

/** A collection over `db`. */
export function collection<Schema extends z.ZodType>(
  db: Executor,
  spec: CollectionSpec<Schema>,
): Collection<z.output<Schema>> {
  const sdb = serviceDb(db);
  const select = () =>
    sdb.selectFrom('server_documents').select(['id', 'body']).where('kind', '=', spec.kind);
  return {
    get: async (id) => {
      const row = await select().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : parse(spec, row.id, row.body);
    },
    lock: async (id) => {
      const row = await select().where('id', '=', id).forUpdate().executeTakeFirst();
      return row === undefined ? undefined : parse(spec, row.id, row.body);
    },
    list: async (scope) => {
      const query = scope === undefined ? select() : select().where('scope', '=', scope);
      const rows = await query.orderBy('id').execute();
      return rows.map((row) => parse(spec, row.id, row.body));
    },
    insert: async (value) => {
      await sdb
        .insertInto('server_documents')
        .values({
          kind: spec.kind,
          id: spec.idOf(value),
          scope: spec.scopeOf(value),
          body: JSON.stringify(value),
          updated_at: new Date(),
        })
        .execute();
    },
    update: async (value) => {
      const result = await sdb
        .updateTable('server_documents')
        .set({ scope: spec.scopeOf(value), body: JSON.stringify(value), updated_at: new Date() })
        .where('kind', '=', spec.kind)
        .where('id', '=', spec.idOf(value))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    remove: async (id) => {
      const result = await sdb
        .deleteFrom('server_documents')
        .where('kind', '=', spec.kind)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}
