import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamSampleRecords } from '../../src/log-files/read-log.js';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

/** Why this host cannot run local sandboxes, or undefined when it can. */
function unavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  const missing = ['/usr/bin/bwrap', '/usr/sbin/nft', '/usr/sbin/ip', '/usr/bin/curl'].filter(
    (path) => !existsSync(path),
  );
  return missing.length > 0
    ? `missing ${missing.join(', ')} (apt-get install bubblewrap nftables iproute2 curl)`
    : undefined;
}

const reason = unavailable();
if (reason !== undefined) console.warn(`SKIPPED sandbox agent tests: ${reason}`);

function agentScript(command: string): string {
  return `default:
  - tool_calls:
      - name: bash
        arguments: { cmd: ${JSON.stringify(command)} }
  - tool_calls:
      - name: submit
        arguments: { answer: "{last_tool_output}" }
`;
}

describe.skipIf(reason !== undefined)('an agent in a sandbox', () => {
  const dir = useTempDir('vigil-agent-', { scope: 'all' });
  let hostServer: Server;
  let hostPort = 0;

  beforeAll(async () => {
    // A host service that must stay out of the agent's reach; it would hand over the flag format.
    hostServer = createServer((socket) => socket.end('FLAG{host-loopback-must-not-be-reached}\n'));
    await new Promise<void>((done) => hostServer.listen(0, '127.0.0.1', done));
    const address = hostServer.address();
    hostPort = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((done) => hostServer.close(done));
  });

  async function evalWith(script: string, name: string) {
    const path = await dir.write(`${name}.yaml`, script);
    const logDir = join(dir.path, `logs-${name}`);
    const result = await runCli([
      'eval',
      'demo.web_traversal',
      '--model',
      'mock/scripted',
      '-M',
      `script=${path}`,
      '--log-dir',
      logDir,
      '--json',
      '--no-progress',
    ]);
    const [log] = await readdir(logDir);
    return { result, log: join(logDir, log ?? '') };
  }

  it('reaches the vulnerable service, captures the flag, submits it and scores 1', async () => {
    const { result, log } = await evalWith(
      agentScript("curl -s 'http://web:8080/files?name=../secret/flag.txt'"),
      'solve',
    );
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as {
      scorers: { metrics: { accuracy: { value: number } } }[];
      erroredSamples: number;
    };
    expect(outcome.erroredSamples).toBe(0);
    expect(outcome.scorers[0]?.metrics.accuracy.value).toBe(1);
    for await (const record of streamSampleRecords(log)) {
      expect(record.output).toMatch(/^FLAG\{[0-9a-f]{24}\}$/);
      expect(record.output).toBe(record.target);
      const toolMessages = record.messages.filter((message) => message.role === 'tool');
      expect(toolMessages[0]?.content).toBe(record.target);
    }
  });

  it("gets nothing from the host's loopback", async () => {
    const { result, log } = await evalWith(
      agentScript(`curl -s -m 3 http://127.0.0.1:${String(hostPort)}/ || echo unreachable`),
      'loopback',
    );
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout) as {
      scorers: { metrics: { accuracy: { value: number } } }[];
    };
    expect(outcome.scorers[0]?.metrics.accuracy.value).toBe(0);
    for await (const record of streamSampleRecords(log)) {
      expect(record.output).not.toContain('host-loopback');
      expect(record.output).toContain('unreachable');
    }
  });

  it('gets nothing from the internet', async () => {
    const { result, log } = await evalWith(
      agentScript('curl -s -m 3 http://1.1.1.1/ || echo unreachable'),
      'internet',
    );
    expect(result.code).toBe(0);
    for await (const record of streamSampleRecords(log)) {
      expect(record.output).toContain('unreachable');
      expect(record.scores.includes?.value).toBe(0);
    }
  });

  it('runs one command for a task author and passes its exit code on', async () => {
    const result = await runCli([
      'sandbox',
      'exec',
      'demo.web_traversal',
      '--',
      'bash',
      '-c',
      'curl -s http://web:8080/; id -un; exit 7',
    ]);
    expect(result.code).toBe(7);
    expect(result.stdout).toContain('Document store.');
    expect(result.stdout).toContain('agent');
  });

  it('after the harness is killed mid-episode, cleanup removes what it left', async () => {
    // Other test files start episodes at the same time: find ours by its owner's pid.
    const ownedBy = (pid: number | undefined) =>
      (existsSync('/run/vigil/episodes') ? readdirSync('/run/vigil/episodes') : []).filter((id) => {
        try {
          return (
            (
              JSON.parse(readFileSync(`/run/vigil/episodes/${id}/episode.json`, 'utf8')) as {
                ownerPid: number;
              }
            ).ownerPid === pid
          );
        } catch {
          return false;
        }
      });
    let cliPid: number | undefined;
    const killed = await runCli(['sandbox', 'exec', 'demo.web_traversal', '--', 'sleep', '30'], {
      onStart: (child) => {
        cliPid = child.pid;
        const poll = setInterval(() => {
          if (ownedBy(child.pid).length > 0) {
            clearInterval(poll);
            setTimeout(() => child.kill('SIGKILL'), 300);
          }
        }, 20);
      },
    });
    expect(killed.code).toBeNull();
    const left = ownedBy(cliPid);
    expect(left).toHaveLength(1);
    const id = left[0] ?? '';
    expect(execFileSync('ip', ['netns', 'list']).toString()).toContain(`vigil-${id}-`);

    const cleanup = await runCli(['sandbox', 'cleanup']);
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toContain(id);
    expect(execFileSync('ip', ['netns', 'list']).toString()).not.toContain(`vigil-${id}-`);
    expect(existsSync(`/run/vigil/episodes/${id}`)).toBe(false);
  });
});
