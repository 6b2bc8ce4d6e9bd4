import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors/input-error.js';
import { parseWindowSettings, windowSettingsSchema } from './window-settings.js';

describe('window settings', () => {
  it('defaults to the 30-day hard cap and accepts anything from 1 to 30', () => {
    expect(parseWindowSettings({})).toEqual({ capDays: 30 });
    expect(parseWindowSettings({ capDays: 1 })).toEqual({ capDays: 1 });
    expect(parseWindowSettings({ capDays: 14 })).toEqual({ capDays: 14 });
  });

  it('rejects 31 and 90 with a message naming the hard cap', () => {
    for (const capDays of [31, 90]) {
      let error: unknown;
      try {
        parseWindowSettings({ capDays }, 'programme.yaml');
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(
        `programme.yaml: field capDays: a window cap of ${capDays} days exceeds the 30-day hard cap; set 30 or fewer`,
      );
      expect((error as InputError).hint).toContain('never lengthened beyond 30 days');
    }
  });

  it('rejects zero, negative, fractional and non-numeric caps and unknown fields', () => {
    expect(() => parseWindowSettings({ capDays: 0 })).toThrow(/at least 1 day/);
    expect(() => parseWindowSettings({ capDays: -3 })).toThrow(/at least 1 day/);
    expect(() => parseWindowSettings({ capDays: 2.5 })).toThrow(/whole number of days/);
    expect(() => parseWindowSettings({ capDays: '30' })).toThrow(/must be a number of days/);
    expect(() => parseWindowSettings({ capDays: 30, capHours: 1 })).toThrow(/capHours/);
    expect(windowSettingsSchema.safeParse(null).success).toBe(false);
  });
});
