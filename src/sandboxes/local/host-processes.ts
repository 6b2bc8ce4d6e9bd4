import { readdir, readFile } from 'node:fs/promises';

/** Whether a host process is alive. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kills every host process running as one of `uids` (a sweep after a crash). */
export async function killProcessesOf(uids: readonly number[]): Promise<number> {
  if (uids.length === 0) return 0;
  const wanted = new Set(uids.map(String));
  let killed = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (uid !== undefined && wanted.has(uid)) {
      try {
        process.kill(Number(entry), 'SIGKILL');
        killed += 1;
      } catch {
        // gone already
      }
    }
  }
  return killed;
}
