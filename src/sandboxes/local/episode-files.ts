import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize } from 'node:path';
import { SandboxError } from '../../core/errors/sandbox-error.js';
import type { SandboxFile } from '../../core/sandbox/episode-spec.js';

/** Writes a task's files under `root`, owned by `uid`; a path that leaves `root` is refused. */
export async function placeFiles(
  root: string,
  files: Readonly<Record<string, SandboxFile>>,
  uid: number,
): Promise<void> {
  await mkdir(root, { recursive: true });
  await chown(root, uid, uid);
  for (const [path, contents] of Object.entries(files)) {
    const relative = normalize(path.replace(/^\/(work|srv)\//, ''));
    if (isAbsolute(relative) || relative.startsWith('..')) {
      throw new SandboxError(
        'setup_failed',
        `task file path "${path}" leaves the sandbox directory`,
        { hint: 'use a relative path' },
      );
    }
    const target = join(root, relative);
    await mkdir(dirname(target), { recursive: true });
    const { data, mode } =
      typeof contents === 'string' || contents instanceof Uint8Array
        ? { data: contents, mode: 0o644 }
        : { data: contents.contents, mode: contents.mode };
    await writeFile(target, data, { mode });
    await chmod(target, mode); // writeFile's mode passes through the umask
    await chown(target, uid, uid);
    for (
      let directory = dirname(target);
      directory.startsWith(root) && directory !== root;
      directory = dirname(directory)
    ) {
      await chown(directory, uid, uid);
    }
  }
}

/** /etc/hosts, /etc/passwd and /etc/group for a sandbox, written beside its directories. */
export async function writeEtcFiles(
  directory: string,
  uid: number,
  hosts: readonly { name: string; address: string }[],
): Promise<Record<string, string>> {
  await mkdir(directory, { recursive: true });
  const files = {
    '/etc/hosts': `127.0.0.1 localhost\n${hosts.map((host) => `${host.address} ${host.name}`).join('\n')}\n`,
    '/etc/passwd': `agent:x:${String(uid)}:${String(uid)}:agent:/work:/bin/bash\n`,
    '/etc/group': `agent:x:${String(uid)}:\n`,
  };
  const mounts: Record<string, string> = {};
  for (const [target, contents] of Object.entries(files)) {
    const source = join(directory, target.slice('/etc/'.length));
    await writeFile(source, contents, { mode: 0o644 });
    mounts[target] = source;
  }
  return mounts;
}
