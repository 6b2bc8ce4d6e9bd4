import { access, constants } from 'node:fs/promises';
import { SandboxError } from '../../core/errors/sandbox-error.js';

const binaries = {
  '/usr/bin/bwrap': 'bubblewrap',
  '/usr/sbin/nft': 'nftables',
  '/usr/sbin/ip': 'iproute2',
  '/usr/bin/nsenter': 'util-linux',
  '/usr/bin/setpriv': 'util-linux',
  // The exec helper; the host's own Python, not one on PATH (a pyenv shim costs 50 ms a start).
  '/usr/bin/python3': 'python3',
} as const;

let checked: Promise<void> | undefined;

async function check(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new SandboxError(
      'unavailable',
      'the local sandbox needs root (it creates network namespaces and cgroups)',
      {
        hint: 'run vigil as root, or in a VM or container where it is root',
      },
    );
  }
  const missing: string[] = [];
  for (const [path, debianPackage] of Object.entries(binaries)) {
    try {
      await access(path, constants.X_OK);
    } catch {
      missing.push(debianPackage);
    }
  }
  if (missing.length > 0) {
    const packages = [...new Set(missing)].join(' ');
    throw new SandboxError('unavailable', `the local sandbox needs ${packages}`, {
      hint: `apt-get install -y ${packages}`,
    });
  }
}

/** Checks once per process that this host can run local sandboxes. */
export function checkPrerequisites(): Promise<void> {
  checked ??= check();
  return checked;
}
