/**
 * Parses a PostgreSQL `bigint` (sequence numbers, counts) into a number, refusing values a
 * double cannot hold exactly instead of rounding them silently.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint value ${text} is beyond the exact range of a JavaScript number`);
  }
  return value;
}

/** The type OID of `bigint` (int8). */
export const INT8_OID = 20;
