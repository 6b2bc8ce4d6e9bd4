import { z } from 'zod';

/**
 * A moment as an ISO 8601 UTC string, always in the form `Date.prototype.toISOString` gives
 * (`2026-06-02T00:00:00.000Z`). One form everywhere keeps stored values comparable and readable
 * in the audit trail; arithmetic goes through `toEpochMs`.
 */
export type Timestamp = string;

/** Milliseconds in one day. */
export const dayMs = 86_400_000;

/** Accepts any ISO 8601 date-time with a zone (`Z` or `+hh:mm`) and normalises it to UTC. */
export const timestampSchema = z.iso
  .datetime({
    offset: true,
    error: 'use an ISO 8601 date-time with a zone, e.g. 2026-06-02T09:00:00Z',
  })
  .transform((text) => new Date(text).toISOString());

/** Epoch milliseconds of a timestamp; throws a RangeError on text that is not a date. */
export function toEpochMs(timestamp: Timestamp): number {
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `"${timestamp}" is not a timestamp; use an ISO 8601 date-time with a zone`,
    );
  }
  return ms;
}

/** The timestamp of an epoch-milliseconds value. */
export function fromEpochMs(ms: number): Timestamp {
  return new Date(ms).toISOString();
}

/** `timestamp` plus a number of days (24-hour days: the programme counts in UTC). */
export function addDays(timestamp: Timestamp, days: number): Timestamp {
  return fromEpochMs(toEpochMs(timestamp) + days * dayMs);
}

/** The earlier of two timestamps. */
export function earlier(first: Timestamp, second: Timestamp): Timestamp {
  return toEpochMs(second) < toEpochMs(first) ? second : first;
}

/** True when `first` is strictly before `second`. */
export function isBefore(first: Timestamp, second: Timestamp): boolean {
  return toEpochMs(first) < toEpochMs(second);
}
