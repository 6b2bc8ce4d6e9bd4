import type { WindowSettings } from '../../programme/index.js';
import { parseWindowSettings } from '../../programme/index.js';
import type { Executor } from '../store.js';
import { parseStored } from './stored-value.js';
import { windowSettingsSchema } from '../../programme/index.js';

/** The programme-wide window settings (one row). The database refuses a cap above 30 days too. */
export interface WindowSettingsRepository {
  get(): Promise<WindowSettings>;
  /** Changes the cap; a cap outside 1 to 30 days throws InputError before anything is written. */
  set(settings: WindowSettings, updatedBy: string, at: string): Promise<void>;
}

export function windowSettingsRepository(db: Executor): WindowSettingsRepository {
  return {
    get: async () => {
      const row = await db
        .selectFrom('window_settings')
        .select('cap_days')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return parseStored(
        windowSettingsSchema,
        { capDays: row.cap_days },
        'window settings',
        'window_settings',
      );
    },
    set: async (settings, updatedBy, at) => {
      const checked = parseWindowSettings(settings);
      await db
        .updateTable('window_settings')
        .set({ cap_days: checked.capDays, updated_by: updatedBy, updated_at: at })
        .where('id', '=', 1)
        .execute();
    },
  };
}
