/** What differs between the agent's sandbox and a service's. */
export interface BwrapLayout {
  readonly hostname: string;
  /** Host directory bound writable at `mountPoint`, the working directory. */
  readonly writableDirectory: string;
  readonly mountPoint: string;
  /** Host files bound read-only over /etc files: /etc/hosts, /etc/passwd, /etc/group. */
  readonly etcFiles: Readonly<Record<string, string>>;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * bwrap arguments for one sandbox: an empty root with read-only /usr, its own user, pid,
 * ipc and uts namespaces, no way to make more user namespaces, a writable directory, a small
 * /tmp, no host environment, and death with its parent. It runs as a dedicated host uid
 * (dropped to with setpriv first), never as host root.
 */
export function bwrapArgs(
  layout: BwrapLayout,
  command: readonly string[],
  extra: readonly string[] = [],
): string[] {
  const env = Object.entries(layout.env).flatMap(([name, value]) => ['--setenv', name, value]);
  const etc = Object.entries(layout.etcFiles).flatMap(([target, source]) => [
    '--ro-bind',
    source,
    target,
  ]);
  return [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    '--disable-userns',
    '--die-with-parent',
    '--clearenv',
    '--setenv',
    'PATH',
    '/usr/local/bin:/usr/bin:/bin',
    '--setenv',
    'HOME',
    layout.mountPoint,
    ...env,
    '--tmpfs',
    '/',
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/sbin',
    '/sbin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    '--ro-bind',
    '/etc/alternatives',
    '/etc/alternatives',
    ...etc,
    '--bind',
    layout.writableDirectory,
    layout.mountPoint,
    '--size',
    String(64 * 1024 * 1024),
    '--tmpfs',
    '/tmp',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    // The root tmpfs holds only mount points: nothing outside the writable directory and
    // /tmp can be written.
    '--remount-ro',
    '/',
    '--hostname',
    layout.hostname,
    '--chdir',
    layout.mountPoint,
    ...extra,
    '--',
    ...command,
  ];
}

/** `setpriv` arguments that drop from host root to `uid` with no capabilities left. */
export function dropToUid(uid: number): string[] {
  return [
    'setpriv',
    `--reuid=${String(uid)}`,
    `--regid=${String(uid)}`,
    '--clear-groups',
    '--inh-caps=-all',
    '--bounding-set=-all',
    '--no-new-privs',
  ];
}

/** `sh -c` that puts itself into the cgroups, then becomes `argv`: nothing escapes the limits. */
export function inCgroups(procsFiles: readonly string[], argv: readonly string[]): string[] {
  // `echo` is a shell builtin: joining costs no process, where `tee` cost one (~2 ms).
  const join = procsFiles.map((file) => `echo $$ > '${file}' && `).join('');
  // sh exports PWD, the host's working directory: it is not the command's to see.
  return ['/bin/sh', '-c', `unset PWD; ${join}exec "$@"`, 'sh', ...argv];
}

/**
 * Enters a named network namespace and execs the rest in the same process. (`ip netns exec`
 * forks, so killing it would orphan the sandbox instead of ending it.)
 */
export function inNamespace(namespace: string): string[] {
  return ['nsenter', `--net=/run/netns/${namespace}`, '--'];
}
