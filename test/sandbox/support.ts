import { existsSync } from 'node:fs';
import { access, constants, readdir, readFile } from 'node:fs/promises';
import { SandboxError } from '../../src/core/errors/sandbox-error.js';
import type { ServiceSpec } from '../../src/core/sandbox/episode-spec.js';
import type { ExecResult, Sandbox } from '../../src/core/sandbox/sandbox.js';
import { hostCommand } from '../../src/sandboxes/local/host-command.js';
import { checkPrerequisites } from '../../src/sandboxes/local/prerequisites.js';

/** Where the local adapter keeps its state (kept literal: the tests check it independently). */
const stateRoot = '/run/vigil';

/**
 * Why this host cannot run the local sandbox tests, or undefined when it can: not Linux, not
 * root, or a binary missing (bwrap, nft, ip, nsenter, setpriv, and python3 for the services).
 * Callers skip with `describe.skipIf` and print the reason, so a skip is never silent.
 */
export async function sandboxUnavailableReason(): Promise<string | undefined> {
  if (process.platform !== 'linux')
    return `the local sandbox needs Linux (this is ${process.platform})`;
  try {
    await checkPrerequisites();
  } catch (error) {
    if (error instanceof SandboxError && error.code === 'unavailable')
      return `${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}`;
    throw error;
  }
  for (const binary of ['/usr/bin/python3', '/usr/bin/timeout']) {
    try {
      await access(binary, constants.X_OK);
    } catch {
      return `the sandbox tests need ${binary} (apt-get install -y python3 coreutils)`;
    }
  }
  return undefined;
}

/** The target service of the tests: serves `/srv` over HTTP on two ports, only one allowed. */
export interface TargetService {
  readonly spec: ServiceSpec;
  /** The declared port: the agent may reach it. */
  readonly allowedPort: number;
  /** Listening too, but not declared: the agent must not reach it. */
  readonly blockedPort: number;
  /** A file the service serves, and its contents. */
  readonly file: string;
  readonly contents: string;
}

/**
 * A service `name` that serves a file over HTTP on `allowedPort` and on `blockedPort`. Both
 * listeners are bound before either serves, so a healthy service (its first port accepts)
 * listens on both.
 */
export function targetService(
  name = 'target',
  allowedPort = 8080,
  blockedPort = 9090,
): TargetService {
  const file = 'flag.txt';
  const contents = `FLAG{served-by-${name}}\n`;
  const script = [
    'import functools, http.server, threading',
    "handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory='/srv')",
    `allowed = http.server.ThreadingHTTPServer(('0.0.0.0', ${String(allowedPort)}), handler)`,
    `blocked = http.server.ThreadingHTTPServer(('0.0.0.0', ${String(blockedPort)}), handler)`,
    'threading.Thread(target=blocked.serve_forever, daemon=True).start()',
    'allowed.serve_forever()',
  ].join('\n');
  return {
    spec: {
      name,
      command: ['python3', '-c', script],
      ports: [allowedPort],
      files: { [file]: contents },
    },
    allowedPort,
    blockedPort,
    file,
    contents,
  };
}

/** Runs `script` with bash in the sandbox (10 s limit); `args` are its $1, $2, ... */
export function bash(sandbox: Sandbox, script: string, ...args: string[]): Promise<ExecResult> {
  return sandbox.exec({ command: ['bash', '-c', script, 'bash', ...args], timeoutMs: 10_000 });
}

/**
 * Tries one TCP connection from the sandbox with bash's /dev/tcp under `timeout 2`: exit 0
 * and `connected` on stdout when it opened, 1 with the error on stderr when refused or
 * unroutable, 124 when nothing answered.
 */
export function tcpConnect(sandbox: Sandbox, host: string, port: number): Promise<ExecResult> {
  return sandbox.exec({
    command: [
      'timeout',
      '2',
      'bash',
      '-c',
      'exec 3<>"/dev/tcp/$0/$1" && echo connected && timeout 1 cat <&3',
      host,
      String(port),
    ],
    timeoutMs: 10_000,
  });
}

/** What the adapter recorded about a live episode (read from its state directory). */
export interface RecordedEpisode {
  readonly id: string;
  readonly ownerPid: number;
  readonly uids: readonly number[];
  readonly namespaces: readonly string[];
  readonly cgroups: readonly string[];
}

export async function readEpisodeRecord(id: string): Promise<RecordedEpisode> {
  return JSON.parse(
    await readFile(`${stateRoot}/episodes/${id}/episode.json`, 'utf8'),
  ) as RecordedEpisode;
}

/** A host process, for leftover checks. */
export interface HostProcess {
  readonly pid: number;
  readonly uid: number;
  readonly state: string;
  readonly command: string;
}

/** Host processes whose real uid is one of `uids`, zombies included. */
export async function processesOf(uids: readonly number[]): Promise<HostProcess[]> {
  const wanted = new Set(uids);
  const found: HostProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    if (!wanted.has(uid)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    found.push({
      pid: Number(entry),
      uid,
      state: /^State:\s+(\S+)/m.exec(status)?.[1] ?? '?',
      command: cmdline.split('\0').filter(Boolean).join(' '),
    });
  }
  return found;
}

/**
 * Processes of `uids` that still exist as more than a zombie. (A killed sandbox's inner
 * processes are reparented to the host's init, which may take a moment to reap them: a
 * zombie has exited and holds nothing but its pid.)
 */
export async function liveProcessesOf(uids: readonly number[]): Promise<HostProcess[]> {
  return (await processesOf(uids)).filter((entry) => entry.state !== 'Z');
}

/** Network namespace names on this host that start with `prefix`. */
export async function namespacesWithPrefix(prefix: string): Promise<string[]> {
  const result = await hostCommand('ip', ['netns', 'list']);
  return result.stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}

/** cgroup directories on this host named for `id` (`<id>-agent`, `<id>-s0`, ...), v1 or v2. */
export async function cgroupsOf(id: string): Promise<string[]> {
  const parents = ['/sys/fs/cgroup/vigil', '/sys/fs/cgroup/pids/vigil'];
  parents.push('/sys/fs/cgroup/memory/vigil', '/sys/fs/cgroup/cpu/vigil');
  const found: string[] = [];
  for (const parent of parents) {
    if (!existsSync(parent)) continue;
    for (const entry of await readdir(parent)) {
      if (entry.startsWith(`${id}-`)) found.push(`${parent}/${entry}`);
    }
  }
  return found;
}

/** Host uids whose claim under /run/vigil/uids names episode `id`. */
export async function uidClaimsOf(id: string): Promise<number[]> {
  const root = `${stateRoot}/uids`;
  if (!existsSync(root)) return [];
  const claims: number[] = [];
  for (const entry of await readdir(root)) {
    const episode = await readFile(`${root}/${entry}/episode`, 'utf8').catch(() => '');
    if (episode === id) claims.push(Number(entry));
  }
  return claims;
}

/** Everything of episode `id` still on the host; all empty once it is torn down. */
export interface Leftovers {
  readonly namespaces: string[];
  readonly cgroups: string[];
  readonly stateDirectory: boolean;
  readonly uidClaims: number[];
  readonly processes: HostProcess[];
}

export const nothingLeft: Leftovers = {
  namespaces: [],
  cgroups: [],
  stateDirectory: false,
  uidClaims: [],
  processes: [],
};

export async function leftoversOf(id: string, uids: readonly number[]): Promise<Leftovers> {
  return {
    namespaces: await namespacesWithPrefix(`vigil-${id}-`),
    cgroups: await cgroupsOf(id),
    stateDirectory: existsSync(`${stateRoot}/episodes/${id}`),
    uidClaims: await uidClaimsOf(id),
    processes: await liveProcessesOf(uids),
  };
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes (killed processes may linger as
 * zombies for a moment until their parent reaps them); returns the last answer.
 */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 2_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
