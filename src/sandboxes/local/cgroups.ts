import { existsSync } from 'node:fs';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxLimits } from '../../core/sandbox/episode-spec.js';

const root = '/sys/fs/cgroup';

/** The cgroup directories of one sandbox, one per controller on v1, a single one on v2. */
export interface CgroupSet {
  readonly directories: readonly string[];
  /** Where to write a pid to put it (and what it forks) under the limits. */
  readonly procsFiles: readonly string[];
}

function isV2(): boolean {
  return existsSync(`${root}/cgroup.controllers`);
}

/** The directories a cgroup named `name` has on this host. */
export function cgroupDirectories(name: string): string[] {
  if (isV2()) return [`${root}/vigil/${name}`];
  return ['pids', 'memory', 'cpu']
    .filter((controller) => existsSync(`${root}/${controller}`))
    .map((controller) => `${root}/${controller}/vigil/${name}`);
}

async function tryWrite(path: string, value: string): Promise<void> {
  try {
    await writeFile(path, value);
  } catch {
    // a controller knob this kernel lacks (e.g. memsw without swap accounting)
  }
}

/** Creates the cgroups of a sandbox with its process, memory and CPU limits. */
export async function createCgroups(name: string, limits: SandboxLimits): Promise<CgroupSet> {
  const pids = limits.pids ?? 256;
  const memory = limits.memoryBytes ?? 512 * 1024 * 1024;
  const quota = Math.round((limits.cpus ?? 1) * 100_000);
  const directories = cgroupDirectories(name);
  if (isV2()) {
    await tryWrite(`${root}/cgroup.subtree_control`, '+pids +memory +cpu');
    await mkdir(`${root}/vigil`, { recursive: true });
    await tryWrite(`${root}/vigil/cgroup.subtree_control`, '+pids +memory +cpu');
  }
  for (const directory of directories) await mkdir(directory, { recursive: true });
  for (const directory of directories) {
    if (isV2()) {
      await writeFile(`${directory}/pids.max`, String(pids));
      await writeFile(`${directory}/memory.max`, String(memory));
      await tryWrite(`${directory}/memory.swap.max`, '0');
      await writeFile(`${directory}/cpu.max`, `${String(quota)} 100000`);
    } else if (directory.includes('/pids/')) {
      await writeFile(`${directory}/pids.max`, String(pids));
    } else if (directory.includes('/memory/')) {
      await writeFile(`${directory}/memory.limit_in_bytes`, String(memory));
      await tryWrite(`${directory}/memory.memsw.limit_in_bytes`, String(memory));
    } else if (directory.includes('/cpu/')) {
      await writeFile(`${directory}/cpu.cfs_period_us`, '100000');
      await writeFile(`${directory}/cpu.cfs_quota_us`, String(quota));
    }
  }
  return { directories, procsFiles: directories.map((directory) => `${directory}/cgroup.procs`) };
}

/** The pids in a cgroup right now. */
export async function cgroupPids(directory: string): Promise<number[]> {
  try {
    const text = await readFile(`${directory}/cgroup.procs`, 'utf8');
    return text.split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Kills every process in the cgroups. */
export async function killCgroup(set: CgroupSet): Promise<void> {
  for (const directory of set.directories) {
    for (const pid of await cgroupPids(directory)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Kills what is left and removes the cgroups. Exited processes may stay charged for a moment
 * on these kernels, so removal is retried for up to 3 s.
 */
export async function removeCgroups(directories: readonly string[]): Promise<void> {
  for (const directory of directories) {
    for (let attempt = 0; attempt < 60 && existsSync(directory); attempt += 1) {
      await killCgroup({ directories: [directory], procsFiles: [] });
      try {
        await rmdir(directory);
      } catch {
        await sleep(50);
      }
    }
  }
}
