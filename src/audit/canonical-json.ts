import { CanonicalJsonError } from './errors/canonical-json-error.js';

/** A JSON value. Objects may carry `undefined` members, which serialise as absent. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The canonical JSON text of a value, so equal values always hash alike (the scheme of RFC 8785):
 * - object members sorted by key (UTF-16 code units), members whose value is `undefined` left out;
 * - no whitespace;
 * - numbers as ECMAScript prints them (shortest form that reads back to the same double,
 *   exponent from 1e21), `-0` as `0`; NaN and infinities refused;
 * - strings escaped as `JSON.stringify` does (lone surrogates as `\udxxx`).
 * Anything else — Date, bigint, Map, class instances, functions, cycles, `undefined` in an
 * array — is refused with CanonicalJsonError naming the path, rather than converted silently.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', new Set());
}

function serialise(value: unknown, path: string, open: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new CanonicalJsonError(
          path,
          `${String(value)} has no JSON form`,
          'store a finite number, or null',
        );
      }
      return Object.is(value, -0) ? '0' : JSON.stringify(value);
    case 'object':
      return serialiseContainer(value, path, open);
    case 'bigint':
      throw new CanonicalJsonError(
        path,
        'a bigint has no JSON number form',
        'convert it to a string (or a number when it is safe)',
      );
    case 'undefined':
    case 'function':
    case 'symbol':
      break;
  }
  throw new CanonicalJsonError(
    path,
    `a ${typeof value} has no JSON form`,
    'leave the member out, or use null',
  );
}

function serialiseContainer(value: object, path: string, open: Set<object>): string {
  if (open.has(value)) {
    throw new CanonicalJsonError(
      path,
      'the value contains itself',
      'break the cycle before recording it',
    );
  }
  open.add(value);
  try {
    if (Array.isArray(value)) {
      const items = (value as unknown[]).map((item, index) =>
        serialise(item, `${path}[${index}]`, open),
      );
      return `[${items.join(',')}]`;
    }
    if (!isPlainObject(value)) {
      const name = (value.constructor as { name?: string } | undefined)?.name ?? 'object';
      throw new CanonicalJsonError(
        path,
        `a ${name} is not plain JSON`,
        value instanceof Date
          ? 'store date.toISOString() instead'
          : 'convert it to a plain object first',
      );
    }
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${serialise(record[key], `${path}.${key}`, open)}`);
    return `{${members.join(',')}}`;
  } finally {
    open.delete(value);
  }
}
