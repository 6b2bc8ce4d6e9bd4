import { describe, expect, it } from 'vitest';
import { addDays, earlier, isBefore, timestampSchema, toEpochMs } from './timestamp.js';

describe('timestamps', () => {
  it('normalise any zoned ISO date-time to UTC with milliseconds', () => {
    expect(timestampSchema.parse('2026-06-02T09:00:00Z')).toBe('2026-06-02T09:00:00.000Z');
    expect(timestampSchema.parse('2026-06-02T09:00:00-04:00')).toBe('2026-06-02T13:00:00.000Z');
  });

  it('refuse dates without a zone, dates alone and prose', () => {
    for (const text of ['2026-06-02T09:00:00', '2026-06-02', 'tomorrow', '']) {
      expect(timestampSchema.safeParse(text).error?.issues[0]?.message).toBe(
        'use an ISO 8601 date-time with a zone, e.g. 2026-06-02T09:00:00Z',
      );
    }
  });

  it('do arithmetic and comparisons in UTC days', () => {
    expect(addDays('2026-06-02T00:00:00.000Z', 60)).toBe('2026-08-01T00:00:00.000Z');
    expect(earlier('2026-06-03T00:00:00.000Z', '2026-06-02T00:00:00.000Z')).toBe(
      '2026-06-02T00:00:00.000Z',
    );
    expect(isBefore('2026-06-02T00:00:00.000Z', '2026-06-02T00:00:00.001Z')).toBe(true);
    expect(() => toEpochMs('soon')).toThrow(/"soon" is not a timestamp/);
  });
});
