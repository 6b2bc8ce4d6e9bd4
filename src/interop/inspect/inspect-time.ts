/**
 * Inspect writes times as ISO 8601 with a numeric offset (`2026-01-02T03:04:05.678+00:00`),
 * which every Python version it supports can parse; Vigil writes UTC with `Z`.
 */
export function toInspectTime(iso: string): string {
  return iso.endsWith('Z') ? `${iso.slice(0, -1)}+00:00` : iso;
}

/** An Inspect time as Vigil's UTC ISO string; text that is not a time is kept as it is. */
export function fromInspectTime(text: string): string {
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? text : time.toISOString();
}

/** Seconds from `start` to `time` (ISO strings), never negative; 0 if either is unreadable. */
export function secondsBetween(start: string, time: string): number {
  const seconds = (Date.parse(time) - Date.parse(start)) / 1000;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

/** Seconds to milliseconds, rounded to the microsecond so whole milliseconds come back exact. */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}
