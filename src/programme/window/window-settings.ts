import { z } from 'zod';
import { parseWith } from '../../core/validation/parse-with.js';

/** The hard cap of an access window: the order says "up to 30 days" before release. */
export const windowHardCapDays = 30;

/** A window cap in whole days, 1 to 30. An earlier draft allowed 90: that is refused here. */
export const windowCapDaysSchema = z
  .number({ error: 'the window cap must be a number of days' })
  .int({ error: 'the window cap must be a whole number of days' })
  .min(1, { error: 'the window cap must be at least 1 day' })
  .max(windowHardCapDays, {
    error: (issue) =>
      `a window cap of ${String(issue.input)} days exceeds the ${windowHardCapDays}-day hard cap; set ${windowHardCapDays} or fewer`,
  });

/** Programme-wide window settings. */
export const windowSettingsSchema = z
  .object({ capDays: windowCapDaysSchema.default(windowHardCapDays) })
  .strict()
  .readonly();

export type WindowSettings = z.infer<typeof windowSettingsSchema>;

/** Parses window settings from a config file or request; throws an InputError naming `source`. */
export function parseWindowSettings(value: unknown, source = 'window settings'): WindowSettings {
  return parseWith(
    windowSettingsSchema,
    value,
    source,
    `the access window may be shortened, never lengthened beyond ${windowHardCapDays} days`,
  );
}
