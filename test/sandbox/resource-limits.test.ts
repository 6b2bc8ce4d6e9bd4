// Limits the local sandbox puts on an agent's processes — pids, memory, CPU — and that none of
// them outlives its episode. Runs only as root on a host with bwrap, nft, ip, nsenter and
// setpriv; otherwise it says loudly why it skipped.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode } from '../../src/core/sandbox/sandbox-provider.js';
import { createLocalSandboxProvider } from '../../src/sandboxes/local/local-provider.js';
import {
  bash,
  cgroupsOf,
  eventually,
  liveProcessesOf,
  processesOf,
  sandboxUnavailableReason,
} from './support.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn('SKIPPED sandbox tests: ' + reason);

// One provider for the file: it sweeps once, at its first start.
const provider = createLocalSandboxProvider();

describe.skipIf(reason !== undefined)('local sandbox: resource limits', () => {
  const limits = { pids: 64, memoryBytes: 128 * 1024 * 1024, cpus: 0.2 };
  let episode: Episode;

  beforeAll(async () => {
    episode = await provider.start({ limits });
  });

  afterAll(async () => {
    await episode.close();
  });

  it('bounds a fork bomb by the pids limit, and the next command works', async () => {
    // ~200 `sleep 5 &`, counted. (Python, not a bash loop: bash retries a failed fork with
    // 1+2+4+8 s of back-off, which would only make this test slow.)
    const bomb = [
      'import subprocess',
      'procs, error = [], ""',
      'for _ in range(200):',
      '    try:',
      "        procs.append(subprocess.Popen(['sleep', '5']))",
      '    except OSError as e:',
      '        error = repr(e)',
      '        break',
      'print(len(procs))',
      'print(error)',
      'for p in procs: p.kill()',
      'for p in procs: p.wait()',
    ].join('\n');
    const result = await episode.agent.exec({
      command: ['python3', '-c', bomb],
      timeoutMs: 20_000,
    });
    const [count, error] = result.stdout.split('\n');
    expect(Number(count)).toBeGreaterThan(0);
    expect(Number(count)).toBeLessThan(limits.pids);
    expect(error).toContain('Resource temporarily unavailable');
    const after = await episode.agent.exec({ command: ['echo', 'ok'] });
    expect(after.stdout).toBe('ok\n');
  });

  it('kills a 300 MiB allocation under a 128 MiB limit', async () => {
    const result = await bash(
      episode.agent,
      'python3 -c "b = b\'x\' * (300 * 1024 * 1024); print(\'allocated\')"; echo "rc=$?"',
    );
    expect(result.stdout).not.toContain('allocated');
    expect(result.stdout + result.stderr).toMatch(/rc=137|MemoryError/);
    const after = await episode.agent.exec({ command: ['echo', 'ok'] });
    expect(after.stdout).toBe('ok\n');
  });

  it('bounds a CPU burn by the quota (0.2 cores)', async () => {
    const burn = [
      'import time',
      'wall, cpu = time.monotonic(), time.process_time()',
      'while time.monotonic() - wall < 1: pass',
      'print(time.process_time() - cpu)',
    ].join('\n');
    const result = await episode.agent.exec({
      command: ['python3', '-c', burn],
      timeoutMs: 20_000,
    });
    const cpuSeconds = Number(result.stdout.trim());
    expect(cpuSeconds).toBeGreaterThan(0.05);
    expect(cpuSeconds).toBeLessThan(0.5); // ~0.2 s of CPU in 1 s of wall time
    // And the quota is what the spec asked for (cgroup v1 or v2).
    const agentCgroups = (await cgroupsOf(episode.id)).filter((path) => path.endsWith('-agent'));
    const quotas = await Promise.all(
      agentCgroups.flatMap((directory) =>
        ['cpu.cfs_quota_us', 'cpu.max']
          .filter((file) => existsSync(`${directory}/${file}`))
          .map((file) => readFile(`${directory}/${file}`, 'utf8')),
      ),
    );
    expect(quotas.map((quota) => quota.trim())).toContainEqual(
      expect.stringMatching(/^20000( 100000)?$/),
    );
  });
});

describe.skipIf(reason !== undefined)('local sandbox: after the episode closes', () => {
  let episode: Episode;

  beforeAll(async () => {
    episode = await provider.start({});
  });

  afterAll(async () => {
    await episode.close();
  });

  it('leaves no background process behind', async () => {
    const started = await bash(
      episode.agent,
      'setsid nohup sleep 1000 > /dev/null 2>&1 < /dev/null & id -u',
    );
    const uid = Number(started.stdout.trim());
    expect(uid).toBeGreaterThanOrEqual(1000);
    const isSleeping = async () =>
      (await processesOf([uid])).some((entry) => entry.command === 'sleep 1000');
    expect(await eventually(isSleeping)).toBe(true);
    await episode.close();
    expect(await eventually(async () => (await liveProcessesOf([uid])).length === 0)).toBe(true);
    await expect(episode.agent.exec({ command: ['true'] })).rejects.toMatchObject({
      code: 'closed',
    });
  });
});
