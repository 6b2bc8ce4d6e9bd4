import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * The 30-day hard cap, on the event that opens a window: the service takes its cap from its
 * settings (validated at most 30) and writes it into the `window-opened` event, so the schema
 * holds the rule where the window is actually decided, as `window_settings.cap_days` does for
 * the programme-wide setting. An event stored before this migration with a cap outside 1 to 30
 * days fails the migration, which then changes nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table submission_events add constraint submission_events_window_cap
      check (type <> 'window-opened' or case
        when jsonb_typeof(body->'capDays') = 'number'
          then (body->>'capDays')::numeric between 1 and 30
        else false
      end)`,
  ]);
}
