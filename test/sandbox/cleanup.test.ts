// What the local sandbox leaves on the host after an episode ends — a normal close, a command
// timeout, an abort, a failed start, a crashed owner (then a sweep) — and the exec and file
// contract of its agent sandbox. Runs only as root with bwrap, nft, ip, nsenter and setpriv;
// otherwise it says loudly why it skipped.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { SandboxError } from '../../src/core/errors/sandbox-error.js';
import type { EpisodeSpec } from '../../src/core/sandbox/episode-spec.js';
import type { Episode } from '../../src/core/sandbox/sandbox-provider.js';
import { createLocalSandboxProvider } from '../../src/sandboxes/local/local-provider.js';
import {
  eventually,
  leftoversOf,
  namespacesWithPrefix,
  nothingLeft,
  processesOf,
  readEpisodeRecord,
  sandboxUnavailableReason,
  targetService,
  type Leftovers,
  type RecordedEpisode,
} from './support.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn('SKIPPED sandbox tests: ' + reason);

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const episodesRoot = '/run/vigil/episodes';
const provider = createLocalSandboxProvider();

/** Leftovers of `id`, polled for a moment: killed processes may linger as zombies briefly. */
async function settledLeftovers(id: string, uids: readonly number[]): Promise<Leftovers> {
  let last = await leftoversOf(id, uids);
  await eventually(async () => {
    last = await leftoversOf(id, uids);
    return JSON.stringify(last) === JSON.stringify(nothingLeft);
  });
  return last;
}

/** Starts an episode and notes what it put on the host. */
async function startRecorded(
  spec: EpisodeSpec,
): Promise<{ episode: Episode; uids: readonly number[] }> {
  const episode = await provider.start(spec);
  const { uids } = await readEpisodeRecord(episode.id);
  return { episode, uids };
}

/** Asserts that the live episode has what the leftover checks look for (so they mean something). */
async function expectPresent(id: string, uids: readonly number[], services: number): Promise<void> {
  const present = await leftoversOf(id, uids);
  expect(present.namespaces.sort()).toEqual(
    [
      `vigil-${id}-agent`,
      ...Array.from({ length: services }, (_, i) => `vigil-${id}-s${String(i)}`),
    ].sort(),
  );
  expect(present.cgroups.length).toBeGreaterThan(0);
  expect(present.stateDirectory).toBe(true);
  expect(present.uidClaims.sort()).toEqual([...uids].sort());
  expect(present.processes.length).toBeGreaterThan(0);
}

/**
 * Episodes this process started while `run` ran, with the last record each had (the uids and
 * namespaces a failed start created and should have removed). Other processes on the host
 * may start episodes meanwhile: only records naming this process as owner count.
 */
async function episodesStartedDuring(
  run: () => Promise<unknown>,
): Promise<Map<string, RecordedEpisode>> {
  await mkdir(episodesRoot, { recursive: true });
  const before = new Set(readdirSync(episodesRoot));
  const seen = new Map<string, RecordedEpisode>();
  const look = () => {
    for (const id of readdirSync(episodesRoot)) {
      if (before.has(id) || id.startsWith('.')) continue;
      try {
        const record = JSON.parse(
          readFileSync(`${episodesRoot}/${id}/episode.json`, 'utf8'),
        ) as RecordedEpisode;
        if (record.ownerPid === process.pid) seen.set(id, record);
        else before.add(id);
      } catch {
        // not written yet, or gone already
      }
    }
  };
  const timer = setInterval(look, 5);
  try {
    await run();
  } finally {
    clearInterval(timer);
  }
  return seen;
}

/** Fails with a clear message unless dist/ holds a build at least as new as the sandbox sources. */
function assertFreshBuild(): void {
  const sources = ['src/sandboxes/local', 'src/core/sandbox', 'src/core/errors'];
  const stale: string[] = [];
  for (const directory of sources) {
    for (const file of readdirSync(`${repoRoot}${directory}`)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const source = `${repoRoot}${directory}/${file}`;
      const built = `${repoRoot}dist/${directory.slice('src/'.length)}/${file.replace(/\.ts$/, '.js')}`;
      if (!existsSync(built) || statSync(built).mtimeMs < statSync(source).mtimeMs)
        stale.push(`${directory}/${file}`);
    }
  }
  if (stale.length > 0)
    throw new Error(
      `dist/ is missing or older than ${stale.join(', ')}: run \`npm run build\` before this test (the crash test runs the built adapter in a child process)`,
    );
}

describe.skipIf(reason !== undefined)('local sandbox: nothing is left behind', () => {
  it('after a normal close', async () => {
    const { episode, uids } = await startRecorded({
      files: { 'a.txt': 'a' },
      services: [targetService().spec],
    });
    await expectPresent(episode.id, uids, 1);
    await episode.close();
    expect(await settledLeftovers(episode.id, uids)).toEqual(nothingLeft);
    await episode.close(); // a second close is harmless
  });

  it('after a command timeout and an abort', async () => {
    const { episode, uids } = await startRecorded({});
    const sleeping = async (seconds: string) =>
      (await processesOf(uids)).filter((entry) => entry.command === `sleep ${seconds}`);

    // `sleep 30`, and a `sleep 33` that left the process group: the cgroup takes it down too.
    const timedOut = await episode.agent.exec({
      command: ['bash', '-c', 'setsid sleep 33 & echo started; exec sleep 30'],
      timeoutMs: 300,
    });
    expect(timedOut.timedOut).toBe(true);
    expect(timedOut.stdout).toBe('started\n');
    expect(timedOut.durationMs).toBeLessThan(5_000);
    expect(await sleeping('30')).toEqual([]);
    expect(await eventually(async () => (await sleeping('33')).length === 0)).toBe(true);

    const controller = new AbortController();
    const aborted = episode.agent.exec({
      command: ['bash', '-c', 'sleep 31 & sleep 32'],
      signal: controller.signal,
    });
    expect(await eventually(async () => (await sleeping('32')).length === 1)).toBe(true);
    controller.abort(new Error('stop, please'));
    await expect(aborted).rejects.toThrow('stop, please');
    expect([...(await sleeping('31')), ...(await sleeping('32'))]).toEqual([]);

    // The sandbox still works after both.
    const after = await episode.agent.exec({ command: ['echo', 'ok'] });
    expect(after.stdout).toBe('ok\n');
    await episode.close();
    expect(await settledLeftovers(episode.id, uids)).toEqual(nothingLeft);
  });

  it('after a start whose signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('aborted before start'));
    const started = await episodesStartedDuring(async () => {
      await expect(provider.start({}, controller.signal)).rejects.toThrow('aborted before start');
    });
    expect([...started.keys()]).toEqual([]);
  });

  it('after a failed start (a service that exits at once)', async () => {
    const marker = `boom-${String(process.pid)}`;
    let failure: unknown;
    const started = await episodesStartedDuring(async () => {
      failure = await provider
        .start({
          services: [
            {
              name: 'broken',
              command: ['sh', '-c', `echo ${marker} >&2; exit 3`],
              ports: [8080],
            },
          ],
        })
        .then(
          async (episode) => {
            await episode.close();
            return undefined;
          },
          (error: unknown) => error,
        );
    });
    expect(failure).toBeInstanceOf(SandboxError);
    expect(failure).toMatchObject({ code: 'service_unhealthy' });
    expect((failure as SandboxError).message).toContain(marker);
    // It got as far as its uids and namespaces, and took them all down again.
    expect(started.size).toBe(1);
    for (const [id, record] of started) {
      expect(record.uids).toHaveLength(2);
      expect(record.namespaces).toHaveLength(2);
      expect(await settledLeftovers(id, record.uids)).toEqual(nothingLeft);
    }
  });

  it('after its owner is killed, once swept', async () => {
    assertFreshBuild();
    const script = [
      `import { createLocalSandboxProvider } from ${JSON.stringify(`${repoRoot}dist/sandboxes/local/local-provider.js`)};`,
      'const episode = await createLocalSandboxProvider().start(JSON.parse(process.env.VIGIL_TEST_SPEC));',
      'console.log(JSON.stringify({ id: episode.id }));',
      'setInterval(() => {}, 1 << 30);',
    ].join('\n');
    const spec: EpisodeSpec = { services: [targetService().spec] };
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VIGIL_TEST_SPEC: JSON.stringify(spec) },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    onTestFinished(() => {
      child.kill('SIGKILL'); // should an assertion fail before the crash
    });
    const id = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const match = /"id":"([^"]+)"/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on('exit', (code) => {
        reject(new Error(`the child exited (${String(code)}) before starting: ${stderr}`));
      });
    });
    const { uids } = await readEpisodeRecord(id);
    await expectPresent(id, uids, 1);

    child.kill('SIGKILL');
    await exited;
    // The owner is gone; its namespaces, cgroups, state and uid claims are not.
    const orphaned = await leftoversOf(id, uids);
    expect(orphaned.namespaces).toContain(`vigil-${id}-agent`);
    expect(orphaned.stateDirectory).toBe(true);
    expect(orphaned.uidClaims.length).toBeGreaterThan(0);

    const report = await provider.sweep();
    expect(report.episodes).toContain(id);
    expect(await settledLeftovers(id, uids)).toEqual(nothingLeft);
    expect(await namespacesWithPrefix(`vigil-${id}-`)).toEqual([]);
  });
});

describe.skipIf(reason !== undefined)('local sandbox: exec and files', () => {
  let episode: Episode;

  beforeAll(async () => {
    episode = await provider.start({ files: { 'given.txt': 'given\n' } });
  });

  afterAll(async () => {
    await episode.close();
  });

  it('caps output: 5 MB printed, 1 MB kept, flagged', async () => {
    const limit = 1024 * 1024;
    const result = await episode.agent.exec({
      command: ['bash', '-c', 'head -c 5000000 /dev/zero | tr "\\0" x; echo done >&2'],
      outputLimitBytes: limit,
      timeoutMs: 20_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.truncated).toBe(true);
    expect(result.stdout.length).toBeLessThanOrEqual(limit);
    expect(result.stdout.length).toBeGreaterThan(limit / 2);
    expect(result.stdout).toMatch(/^x+$/);
    expect(result.stderr).toBe('done\n');
  });

  it('passes bytes through stdin and files, and places executable task files', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, index) => index);
    const piped = await episode.agent.exec({ command: ['od', '-An', '-tx1', '-v'], stdin: bytes });
    expect(piped.stdout.replace(/\s+/g, '')).toBe(Buffer.from(bytes).toString('hex'));
    await episode.agent.writeFile('/work/all-bytes.bin', bytes);
    const stored = await episode.agent.exec({ command: ['sha256sum', 'all-bytes.bin'] });
    expect(stored.stdout.split(' ')[0]).toBe(createHash('sha256').update(bytes).digest('hex'));
    const runnable = await provider.start({
      files: { 'run.sh': { contents: '#!/bin/sh\necho ran\n', mode: 0o755 }, 'raw.bin': bytes },
    });
    try {
      const result = await runnable.agent.exec({
        command: ['sh', '-c', './run.sh && wc -c < raw.bin'],
      });
      expect(result.stdout).toBe('ran\n256\n');
    } finally {
      await runnable.close();
    }
  });

  it('passes stdin through', async () => {
    const input = `first line\n${'y'.repeat(200_000)}\nlast line ✓\n`;
    const result = await episode.agent.exec({ command: ['cat'], stdin: input });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(input);
    expect(result.truncated).toBe(false);
  });

  it('gives the command exactly the environment it was given, nothing of the host', async () => {
    const env = {
      PATH: '/usr/bin:/bin',
      HOME: '/work/home',
      USER: 'agent',
      LANG: 'C.UTF-8',
      TASK_SECRET: 'only-this',
    };
    const exact = await episode.agent.exec({ command: ['env', '-0'], env });
    const seen = Object.fromEntries(
      exact.stdout
        .split('\0')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(seen).toEqual(env);

    // Without an environment the command gets the sandbox's defaults, still nothing of the host.
    const defaults = await episode.agent.exec({ command: ['env'] });
    const names = defaults.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('=')[0]);
    expect(names.sort()).toEqual(['HOME', 'LANG', 'PATH', 'USER']);
    expect(defaults.stdout).toContain('HOME=/work\n');
    expect(defaults.stdout).not.toContain('/root');
    expect(defaults.stdout).not.toContain(repoRoot.replace(/\/$/, ''));
  });

  it('writes and reads files, and reports missing and too large ones', async () => {
    const contents = 'line one\nünïcödé ✓\n';
    await episode.agent.writeFile('/work/deep/er/file.txt', contents);
    expect(await episode.agent.readFile('/work/deep/er/file.txt')).toBe(contents);
    expect(await episode.agent.readFile('given.txt')).toBe('given\n');
    const viaShell = await episode.agent.exec({ command: ['cat', 'deep/er/file.txt'] });
    expect(viaShell.stdout).toBe(contents);

    await expect(episode.agent.readFile('/work/missing.txt')).rejects.toMatchObject({
      code: 'not_found',
    });
    await episode.agent.writeFile('/work/big.txt', 'z'.repeat(100));
    await expect(episode.agent.readFile('/work/big.txt', { maxBytes: 10 })).rejects.toMatchObject({
      code: 'too_large',
    });
    expect(await episode.agent.readFile('/work/big.txt', { maxBytes: 100 })).toBe('z'.repeat(100));
    await expect(episode.agent.writeFile('/usr/escape.txt', 'x')).rejects.toMatchObject({
      code: 'write_failed',
    });
  });
});
