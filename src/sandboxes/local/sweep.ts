import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { SweepReport } from '../../core/sandbox/sandbox-provider.js';
import { cgroupDirectories, removeCgroups } from './cgroups.js';
import { deleteNamespaces, listEpisodeNamespaces } from './episode-network.js';
import { isAlive, killProcessesOf } from './host-processes.js';
import { episodesRoot, listEpisodeRecords, orphanUids, releaseUids } from './state-directory.js';

function episodeCgroups(id: string, recorded: readonly string[]): string[] {
  const guessed = [
    'agent',
    ...Array.from({ length: 16 }, (_, index) => `s${String(index)}`),
  ].flatMap((suffix) => cgroupDirectories(`${id}-${suffix}`));
  return [...new Set([...recorded, ...guessed])];
}

/**
 * Removes every episode whose owning process is gone: its processes (by uid), network
 * namespaces, cgroups, files and uid claims; then namespaces and uids that no record names.
 * Episodes of live processes are left alone.
 */
export async function sweepEpisodes(): Promise<SweepReport> {
  const removed: string[] = [];
  const live = new Set<string>();
  for (const { id, record, young } of await listEpisodeRecords()) {
    if (young === true) {
      live.add(id);
      continue;
    }
    if (record !== undefined && record.ownerPid !== process.pid && isAlive(record.ownerPid)) {
      live.add(id);
      continue;
    }
    if (record !== undefined && record.ownerPid === process.pid) {
      live.add(id);
      continue;
    }
    await killProcessesOf(record?.uids ?? []);
    await deleteNamespaces([...(record?.namespaces ?? []), ...(await listEpisodeNamespaces(id))]);
    await removeCgroups(episodeCgroups(id, record?.cgroups ?? []));
    await rm(`${episodesRoot}/${id}`, { recursive: true, force: true });
    await releaseUids(record?.uids ?? []);
    removed.push(id);
  }
  const orphans = await orphanUids(live);
  await killProcessesOf(orphans);
  await releaseUids(orphans);
  for (const namespace of await listEpisodeNamespaces()) {
    const id = namespace.split('-')[1] ?? '';
    // An episode started by another process since the records were read has a directory now.
    if (!live.has(id) && !removed.includes(id) && existsSync(`${episodesRoot}/${id}`)) continue;
    if (!live.has(id)) {
      await deleteNamespaces([namespace]);
      if (!removed.includes(id)) removed.push(id);
    }
  }
  return { episodes: removed };
}
