// The zygote that starts a sandbox's commands: a process of the exec helper that joins the
// sandbox's cgroups once and forks every command there, so that no command is moved between
// cgroups. Checked from inside (where commands run, what the agent can do to the zygote) and
// from the host (killing it, filling the pids limit). Runs only as root on a host with bwrap,
// nft, ip, nsenter and setpriv; otherwise it says loudly why it skipped.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { release } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode } from '../../src/core/sandbox/sandbox-provider.js';
import type { Sandbox } from '../../src/core/sandbox/sandbox.js';
import { createLocalSandboxProvider } from '../../src/sandboxes/local/local-provider.js';
import {
  bash,
  cgroupsOf,
  eventually,
  liveProcessesOf,
  readEpisodeRecord,
  sandboxUnavailableReason,
} from './support.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn('SKIPPED sandbox tests: ' + reason);

const provider = createLocalSandboxProvider();
const zygoteName = 'vigil-exec';

/** The zygote as the sandbox's `ps` shows it: pid and uid inside. */
async function zygoteInside(sandbox: Sandbox): Promise<{ pid: number; uid: number }> {
  const result = await bash(sandbox, 'ps -e -o pid=,uid=,comm=');
  const rows = result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[2] === zygoteName);
  expect(rows).toHaveLength(1);
  const [pid, uid] = rows[0] ?? [];
  return { pid: Number(pid), uid: Number(uid) };
}

/** The agent's cgroup directories on the host (one per controller on v1, one on v2). */
async function agentCgroups(id: string): Promise<string[]> {
  return (await cgroupsOf(id)).filter((directory) => directory.endsWith(`/${id}-agent`));
}

/** Host pids in the agent's cgroups whose name is the zygote's. */
async function zygotesOnHost(id: string): Promise<number[]> {
  const [directory] = await agentCgroups(id);
  if (directory === undefined) return [];
  const pids = (await readFile(`${directory}/cgroup.procs`, 'utf8')).split('\n').filter(Boolean);
  const names = await Promise.all(
    pids.map((pid) => readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')),
  );
  return pids.filter((_, index) => names[index]?.trim() === zygoteName).map(Number);
}

/** `N:controller:/vigil/<id>-agent` lines (v1) or `0::/vigil/<id>-agent` (v2), as expected. */
async function expectedCgroupLines(id: string): Promise<RegExp[]> {
  return (await agentCgroups(id)).map((directory) => {
    const controller = /^\/sys\/fs\/cgroup\/(\w+)\/vigil\//.exec(directory)?.[1];
    const path = `/vigil/${id}-agent`;
    return controller === undefined
      ? new RegExp(`^0::${path}$`, 'm')
      : new RegExp(`^\\d+:([\\w,]*,)?${controller}(,[\\w,]*)?:${path}$`, 'm');
  });
}

/** Whether this kernel keeps a reaped process's exit status for any holder of its pidfd. */
function kernelKeepsExitStatus(): boolean {
  const [major = 0, minor = 0] = release().split('.').map(Number);
  return major > 6 || (major === 6 && minor >= 15);
}

describe.skipIf(reason !== undefined)('local sandbox: the zygote that forks commands', () => {
  let episode: Episode;
  let raw: Episode;

  beforeAll(async () => {
    [episode, raw] = await Promise.all([provider.start({}), provider.start({ rawSockets: true })]);
  });

  afterAll(async () => {
    await Promise.all([episode.close(), raw.close()]);
  });

  it("runs every command, and what it starts, in the episode's cgroups", async () => {
    const expected = await expectedCgroupLines(episode.id);
    expect(expected.length).toBeGreaterThan(0);
    const result = await bash(
      episode.agent,
      'cat /proc/self/cgroup; echo ---; sh -c "cat /proc/self/cgroup"; echo ---; cat /proc/"$1"/cgroup',
      String((await zygoteInside(episode.agent)).pid),
    );
    const [own, grandchild, zygote] = result.stdout.split('---\n');
    for (const seen of [own, grandchild, zygote])
      for (const line of expected) expect(seen).toMatch(line);
    // And from the host: the zygote is in the agent's cgroups, once.
    expect(await zygotesOnHost(episode.id)).toHaveLength(1);
  });

  it('shows the zygote as nobody, and the agent can neither signal, trace nor read it', async () => {
    const zygote = await zygoteInside(episode.agent);
    expect(zygote.uid).toBe(65534); // host root, unmapped in the sandbox's user namespace
    const attempts = await bash(
      episode.agent,
      [
        'kill -9 "$1"; echo "kill=$?"',
        'kill -STOP "$1"; echo "stop=$?"',
        'cat /proc/"$1"/environ > /dev/null; echo "environ=$?"',
        'cat /proc/"$1"/mem > /dev/null; echo "mem=$?"',
        'python3 -c "import ctypes, sys; libc = ctypes.CDLL(None, use_errno=True); print(\'ptrace=%d\' % (ctypes.get_errno() if libc.ptrace(16, int(sys.argv[1]), 0, 0) else 0))" "$1"',
        'tr "\\0" " " < /proc/"$1"/cmdline; echo',
      ].join('\n'),
      String(zygote.pid),
    );
    expect(attempts.stdout).toContain('kill=1\nstop=1\nenviron=1\nmem=1\nptrace=1\n');
    expect(attempts.stderr).toMatch(/kill: \(\d+\) - Operation not permitted/);
    // Its command line names no host path, pid or cgroup.
    expect(attempts.stdout.trim().split('\n').at(-1)?.trim()).toBe(zygoteName);
    const after = await episode.agent.exec({ command: ['echo', 'still here'] });
    expect(after.stdout).toBe('still here\n');
    expect(await zygoteInside(episode.agent)).toEqual(zygote);
  });

  it('in a raw-socket sandbox too (where the agent sees it as uid 0)', async () => {
    const zygote = await zygoteInside(raw.agent);
    expect(zygote.uid).toBe(0); // commands stay in the host user namespace there
    const attempt = await bash(raw.agent, 'kill -9 "$1"; echo "kill=$?"', String(zygote.pid));
    expect(attempt.stdout).toBe('kill=1\n');
    expect(attempt.stderr).toContain('Operation not permitted');
    expect(await zygoteInside(raw.agent)).toEqual(zygote);
  });

  it('after a timeout killed the zygote with the command, the next command works at once', async () => {
    const before = await zygoteInside(episode.agent);
    const timedOut = await episode.agent.exec({ command: ['sleep', '30'], timeoutMs: 300 });
    expect(timedOut.timedOut).toBe(true);
    expect(timedOut.signal).toBe('SIGKILL');
    const next = await episode.agent.exec({ command: ['echo', 'after the timeout'] });
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toBe('after the timeout\n');
    const after = await zygoteInside(episode.agent);
    expect(after.pid).not.toBe(before.pid); // the old one was killed, a new one took over
    expect(after.uid).toBe(65534);
    expect(await eventually(async () => (await zygotesOnHost(episode.id)).length === 1)).toBe(true);
    const cgroups = await bash(episode.agent, 'cat /proc/self/cgroup');
    for (const line of await expectedCgroupLines(episode.id)) expect(cgroups.stdout).toMatch(line);
  });

  it('a command whose zygote is killed under it still reports how it ended', async () => {
    const [zygote] = await zygotesOnHost(episode.id);
    expect(zygote).toBeDefined();
    const running = episode.agent.exec({
      command: ['bash', '-c', 'echo started; sleep 0.6; echo done; exit 3'],
    });
    await sleep(300);
    process.kill(zygote ?? 0, 'SIGKILL');
    const result = await running;
    expect(result.stdout).toBe('started\ndone\n');
    if (kernelKeepsExitStatus()) expect(result.exitCode).toBe(3);
    else expect(result.signal).toBe('SIGKILL'); // what the helper says when the kernel cannot tell
    const next = await episode.agent.exec({ command: ['echo', 'ok'] });
    expect(next.stdout).toBe('ok\n');
    expect(await zygotesOnHost(episode.id)).not.toContain(zygote);
  });

  it('passes requests larger than one datagram, and runs large ones side by side', async () => {
    const big = 'a'.repeat(100_000);
    const result = await episode.agent.exec({
      command: ['bash', '-c', 'echo ${#1} ${#2} ${#BIG}', 'bash', big, `${big}b`],
      env: { BIG: `${big}cc` },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('100000 100001 100002\n');
    const started = performance.now();
    const together = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        episode.agent.exec({
          command: ['sh', '-c', `sleep 0.3; echo ${String(index)} \${#BIG}`],
          env: { BIG: big },
        }),
      ),
    );
    expect(together.map((each) => each.stdout)).toEqual(
      Array.from({ length: 8 }, (_, index) => `${String(index)} 100000\n`),
    );
    expect(performance.now() - started).toBeLessThan(2_000); // side by side, not one by one
  });
});

describe.skipIf(reason !== undefined)('local sandbox: closing, with a zygote', () => {
  it("reaps the zygote before close() resolves, so the sandbox's init exits at once", async () => {
    const episode = await provider.start({});
    const { uids } = await readEpisodeRecord(episode.id);
    expect((await episode.agent.exec({ command: ['true'] })).exitCode).toBe(0);
    const zygotes = await zygotesOnHost(episode.id);
    expect(zygotes).toHaveLength(1);
    await episode.close();
    // Not even a zombie: left to the host's init, it would keep the sandbox's init waiting.
    for (const pid of zygotes) expect(existsSync(`/proc/${String(pid)}`)).toBe(false);
    expect(await eventually(async () => (await liveProcessesOf(uids)).length === 0, 500)).toBe(
      true,
    );
  });
});

describe.skipIf(reason !== undefined)('local sandbox: commands at the pids limit', () => {
  const pids = 16;
  let episode: Episode;

  beforeAll(async () => {
    episode = await provider.start({ limits: { pids } });
  });

  afterAll(async () => {
    await episode.close();
  });

  it('still start when the zygote cannot fork (joined the old way, by a move)', async () => {
    // A detached filler that takes every free slot, again and again.
    const filler = [
      'import subprocess, time',
      'while True:',
      '    try:',
      "        subprocess.Popen(['sleep', '600'])",
      '    except OSError:',
      '        time.sleep(0.005)',
    ].join('\n');
    await bash(
      episode.agent,
      'setsid python3 -c "$1" > /dev/null 2>&1 < /dev/null & echo filling',
      filler,
    );
    const [directory] = (await cgroupsOf(episode.id)).filter((path) =>
      /\/pids\/vigil\/|\/fs\/cgroup\/vigil\//.test(path),
    );
    expect(directory).toBeDefined();
    const full = async () =>
      Number(await readFile(`${directory ?? ''}/pids.current`, 'utf8')) >= pids;
    expect(await eventually(full, 5_000)).toBe(true);
    // `cat` forks nothing; its parent shows which way it started: the zygote (a pid inside)
    // or, when the zygote's fork was refused, the helper (outside the namespace: 0).
    const result = await episode.agent.exec({ command: ['cat', '/proc/self/stat'] });
    expect(result.exitCode).toBe(0);
    const parent = Number(result.stdout.slice(result.stdout.lastIndexOf(')') + 2).split(' ')[1]);
    expect(parent).toBe(0);
    expect(await full()).toBe(true);
  });
});
