import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.js';

/**
 * Sealed benchmark item sets: the clear part of each version (name, version, title, track,
 * marking, item count, the items' digest, whether the battery runs it, who uploaded and retired
 * it). The items and the task settings are sealed in `sealed_values` (kind `benchmark-items`).
 * A name's versions are unique; the marking is always classified and sealed; a retirement names
 * both when and by whom, never before the upload.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table sealed_benchmarks (
      id text primary key,
      name text not null check (name ~ '^sealed\\.[a-z][a-z0-9_]{0,62}$'),
      version integer not null check (version >= 1),
      title text not null check (char_length(title) between 1 and 2000),
      track text not null check (track in ('structural_vulnerabilities', 'insider_risks',
        'digital_infrastructure')),
      marking jsonb not null check (marking->>'level' in ('SECRET', 'TOP_SECRET')
        and marking->'controls' @> '["SEALED"]'),
      item_count integer not null check (item_count between 1 and 10000),
      digest text not null check (digest ~ '^[0-9a-f]{64}$'),
      in_battery boolean not null,
      uploaded_by text not null references users (id),
      uploaded_at timestamptz not null,
      retired_at timestamptz,
      retired_by text references users (id),
      unique (name, version),
      check ((retired_at is null) = (retired_by is null)),
      check (retired_at is null or retired_at >= uploaded_at)
    )`,
    `create index sealed_benchmarks_track on sealed_benchmarks (track)`,
  ]);
}
