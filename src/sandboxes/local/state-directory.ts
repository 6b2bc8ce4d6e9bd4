import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';

/** Where local sandboxes keep their state: on a tmpfs, so a reboot clears it too. */
export const stateRoot = '/run/vigil';
export const episodesRoot = `${stateRoot}/episodes`;
const uidsRoot = `${stateRoot}/uids`;

/** Host uids handed to sandboxes: far above any real account. */
const firstUid = 2_000_000;
const uidCount = 10_000;

/** What a teardown (or a later sweep) needs to know about an episode. */
export interface EpisodeRecord {
  readonly id: string;
  readonly ownerPid: number;
  readonly uids: readonly number[];
  readonly namespaces: readonly string[];
  readonly cgroups: readonly string[];
}

/** Takes a free host uid; `mkdir` makes the claim atomic across processes. */
export async function allocateUid(episodeId: string): Promise<number> {
  await mkdir(uidsRoot, { recursive: true });
  const start = Math.floor(Math.random() * uidCount);
  for (let offset = 0; offset < uidCount; offset += 1) {
    const uid = firstUid + ((start + offset) % uidCount);
    try {
      await mkdir(`${uidsRoot}/${String(uid)}`);
      await writeFile(`${uidsRoot}/${String(uid)}/episode`, episodeId);
      return uid;
    } catch {
      // taken; try the next
    }
  }
  throw new Error('no free sandbox uid');
}

/** Gives uids back. */
export async function releaseUids(uids: readonly number[]): Promise<void> {
  for (const uid of uids) await rm(`${uidsRoot}/${String(uid)}`, { recursive: true, force: true });
}

/** Writes the record a sweep reads if this process dies. */
export async function saveEpisodeRecord(record: EpisodeRecord): Promise<void> {
  await mkdir(`${episodesRoot}/${record.id}`, { recursive: true });
  // Whole or not at all: a sweep in another process may read it at any moment.
  const path = `${episodesRoot}/${record.id}/episode.json`;
  await writeFile(`${path}.tmp`, JSON.stringify(record));
  await rename(`${path}.tmp`, path);
}

/** Every episode record on this host, readable or not. */
export async function listEpisodeRecords(): Promise<
  { id: string; record: EpisodeRecord | undefined; young?: boolean }[]
> {
  if (!existsSync(episodesRoot)) return [];
  const entries = await readdir(episodesRoot);
  return Promise.all(
    entries.map(async (id) => {
      try {
        return {
          id,
          record: JSON.parse(
            await readFile(`${episodesRoot}/${id}/episode.json`, 'utf8'),
          ) as EpisodeRecord,
        };
      } catch {
        // no readable record: an episode that died before writing one, or one just starting
        const created = await stat(`${episodesRoot}/${id}`).catch(() => undefined);
        const young = created !== undefined && Date.now() - created.mtimeMs < 60_000;
        return { id, record: undefined, young };
      }
    }),
  );
}

/**
 * uids whose claim names an episode that no longer has a record. A claim younger than a
 * minute is left alone: its episode may be starting in another process and not have
 * written its record yet.
 */
export async function orphanUids(liveEpisodes: ReadonlySet<string>): Promise<number[]> {
  if (!existsSync(uidsRoot)) return [];
  const orphans: number[] = [];
  for (const entry of await readdir(uidsRoot)) {
    const claimed = await stat(`${uidsRoot}/${entry}`).catch(() => undefined);
    if (claimed === undefined || Date.now() - claimed.mtimeMs < 60_000) continue;
    const episode = await readFile(`${uidsRoot}/${entry}/episode`, 'utf8').catch(() => '');
    if (!liveEpisodes.has(episode)) orphans.push(Number(entry));
  }
  return orphans;
}
