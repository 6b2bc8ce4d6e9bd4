import type { z } from 'zod';
import { describeIssues } from '../../core/validation/parse-with.js';
import { StoreQueryError } from '../errors/store-query-error.js';

/** A timestamp column as the domain's ISO string. */
export function iso(date: Date): string {
  return date.toISOString();
}

/** `{ [key]: iso(date) }` when the column is set, `{}` when it is null (for optional fields). */
export function optionalIso<Key extends string>(
  key: Key,
  date: Date | null,
): { [K in Key]?: string } {
  return (date === null ? {} : { [key]: date.toISOString() }) as { [K in Key]?: string };
}

/** `{ [key]: value }` when the column is set, `{}` when it is null. */
export function optional<Key extends string, Value>(
  key: Key,
  value: Value | null,
): { [K in Key]?: Value } {
  return (value === null ? {} : { [key]: value }) as { [K in Key]?: Value };
}

/**
 * Checks what was read against the domain's schema, so a row changed behind the service's back
 * surfaces as an error naming the object instead of flowing on as a wrong value.
 */
export function parseStored<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
  table: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new StoreQueryError(
    `stored ${what} does not match its schema: ${describeIssues(result.error)}`,
    {
      table,
      hint: 'the row was changed outside Vigil; restore it from a backup',
    },
  );
}
