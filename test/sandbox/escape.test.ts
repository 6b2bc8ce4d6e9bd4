// Escapes the local sandbox must refuse, each observed from inside (exit code, error text,
// output that never appears) and, where it matters, from the host. Runs only as root on a
// host with bwrap, nft, ip, nsenter and setpriv; otherwise it says loudly why it skipped.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode } from '../../src/core/sandbox/sandbox-provider.js';
import { hostCommand } from '../../src/sandboxes/local/host-command.js';
import { createLocalSandboxProvider } from '../../src/sandboxes/local/local-provider.js';
import { bash, sandboxUnavailableReason, targetService, tcpConnect } from './support.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn('SKIPPED sandbox tests: ' + reason);

// One provider for the file: it sweeps once, at its first start.
const provider = createLocalSandboxProvider();

/** A TCP server in this (host) process that sends a secret to whoever connects. */
async function hostServer(address: string, secret: string): Promise<net.Server | undefined> {
  const server = net.createServer((socket) => socket.end(secret));
  return new Promise((resolve) => {
    server.once('error', () => {
      resolve(undefined);
    });
    server.listen(0, address, () => {
      resolve(server);
    });
  });
}

function portOf(server: net.Server | undefined): number {
  const address = server?.address();
  return typeof address === 'object' && address !== null ? address.port : 1;
}

function closeServer(server: net.Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (server === undefined) resolve();
    else
      server.close(() => {
        resolve();
      });
  });
}

/** The host's source address and gateway towards the internet, if it has a route there. */
async function hostRoute(): Promise<{ source?: string; gateway?: string }> {
  const result = await hostCommand('ip', ['route', 'get', '1.1.1.1']);
  const source = / src (\S+)/.exec(result.stdout)?.[1];
  const gateway = / via (\S+)/.exec(result.stdout)?.[1];
  return {
    ...(source === undefined ? {} : { source }),
    ...(gateway === undefined ? {} : { gateway }),
  };
}

describe.skipIf(reason !== undefined)('local sandbox: file system, privileges, network', () => {
  const target = targetService();
  const secret = `host-secret-${randomBytes(4).toString('hex')}`;
  const rootFile = `/root/vigil-escape-test-${randomBytes(4).toString('hex')}`;
  const abstractName = `vigil-test-${randomBytes(6).toString('hex')}`;
  let episode: Episode;
  let loopback: net.Server | undefined;
  let loopback6: net.Server | undefined;
  let hostAddressServer: net.Server | undefined;
  let abstract: net.Server;
  let route: { source?: string; gateway?: string };

  beforeAll(async () => {
    route = await hostRoute();
    loopback = await hostServer('127.0.0.1', secret);
    loopback6 = await hostServer('::1', secret);
    if (route.source !== undefined) hostAddressServer = await hostServer(route.source, secret);
    abstract = net.createServer((socket) => socket.end(secret));
    await new Promise<void>((resolve) => abstract.listen(`\0${abstractName}`, resolve));
    await writeFile(rootFile, secret, { mode: 0o600 });
    episode = await provider.start({
      files: { 'notes.txt': 'task notes\n', 'nested/dir/data.bin': 'payload' },
      services: [target.spec],
    });
  });

  afterAll(async () => {
    await episode.close();
    await Promise.all([loopback, loopback6, hostAddressServer, abstract].map(closeServer));
    await rm(rootFile, { force: true });
  });

  describe('what the agent may do', () => {
    it("reaches the target's allowed port and reads the served file", async () => {
      const fetch = [
        'import sys, urllib.request',
        'print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode(), end="")',
      ].join('\n');
      const url = `http://${target.spec.name}:${String(target.allowedPort)}/${target.file}`;
      const result = await episode.agent.exec({
        command: ['python3', '-c', fetch, url],
        timeoutMs: 10_000,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(target.contents);
      expect(episode.agent.services).toEqual([
        { name: 'target', host: 'target', ports: [target.allowedPort] },
      ]);
    });

    it('writes under /work and finds the task files there', async () => {
      const result = await bash(
        episode.agent,
        'echo written > /work/out.txt && cat /work/out.txt notes.txt nested/dir/data.bin && pwd',
      );
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('written\ntask notes\npayload/work\n');
    });

    it("lets a scorer look inside the target's own sandbox, as the target's user", async () => {
      const service = episode.services.target;
      expect(service).toBeDefined();
      const inside = await service!.exec({
        command: ['sh', '-c', 'pwd; id -u; cat "$1"', 'sh', target.file],
      });
      expect(inside.exitCode).toBe(0);
      const [directory, uid, ...served] = inside.stdout.split('\n');
      expect(directory).toBe('/srv');
      expect(served.join('\n')).toBe(target.contents);
      const agentUid = (await bash(episode.agent, 'id -u')).stdout.trim();
      expect(uid).not.toBe(agentUid);
      // The agent cannot see the target's files: they are in another mount namespace.
      const fromAgent = await bash(episode.agent, 'ls /srv 2>&1; echo "rc=$?"');
      expect(fromAgent.stdout).toMatch(/rc=[12]/);
    });

    it('runs bash and python3', async () => {
      const result = await bash(
        episode.agent,
        'echo "bash $BASH_VERSION" | cut -c1-4; python3 -c "print(6 * 7)"',
      );
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toBe('bash\n42\n');
    });
  });

  describe('the host file system', () => {
    it('does not show /etc/shadow or anything under /root', async () => {
      const result = await bash(episode.agent, 'cat /etc/shadow; cat "$1"; ls /root', rootFile);
      expect(result.stdout).toBe('');
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(result.stderr).toContain('/etc/shadow: No such file or directory');
      expect(result.stderr).toContain(`${rootFile}: No such file or directory`);
      expect(result.stderr).toContain("cannot access '/root': No such file or directory");
    });

    it.each(['/usr/vigil-escape', '/etc/vigil-escape', '/vigil-escape', '/bin/vigil-escape'])(
      'refuses writing %s (outside /work)',
      async (path) => {
        const result = await bash(episode.agent, 'echo owned > "$1"', path);
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toContain('Read-only file system');
        expect(existsSync(path)).toBe(false);
      },
    );

    it('refuses making directories at the root', async () => {
      const result = await bash(episode.agent, 'mkdir /escape');
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('Read-only file system');
    });
  });

  describe('the network', () => {
    it('cannot reach a server on the host loopback 127.0.0.1', async () => {
      expect(loopback).toBeDefined();
      const result = await tcpConnect(episode.agent, '127.0.0.1', portOf(loopback));
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('Connection refused');
      expect(result.stdout).not.toContain('connected');
    });

    it('cannot reach a server on the host loopback [::1]', async () => {
      const result = await tcpConnect(episode.agent, '::1', portOf(loopback6 ?? loopback));
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/Connection refused|Cannot assign requested address/);
      expect(result.stdout).not.toContain('connected');
    });

    it("cannot reach the host's own address, the gateway or any route out", async () => {
      const lookup = await episode.agent.exec({ command: ['ip', 'route', 'get', '1.1.1.1'] });
      expect(lookup.exitCode).not.toBe(0);
      expect(lookup.stderr).toContain('Network is unreachable');
      if (route.source !== undefined) {
        const result = await tcpConnect(episode.agent, route.source, portOf(hostAddressServer));
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toContain('Network is unreachable');
        expect(result.stdout).not.toContain(secret);
      }
      if (route.gateway !== undefined) {
        const result = await tcpConnect(episode.agent, route.gateway, 53);
        expect(result.exitCode).toBe(1);
        expect(result.stderr).toContain('Network is unreachable');
      }
    });

    it.each([
      ['1.1.1.1', 53],
      ['8.8.8.8', 443],
    ])('cannot reach the internet (%s:%i): no route, refused at once', async (address, port) => {
      const result = await tcpConnect(episode.agent, address, port);
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('Network is unreachable');
      expect(result.durationMs).toBeLessThan(1_500);
    });

    it("cannot reach the target's port that is not allowed", async () => {
      // The service does listen there: from inside its own namespace the port answers.
      const inside = await hostCommand('ip', [
        'netns',
        'exec',
        `vigil-${episode.id}-s0`,
        'timeout',
        '2',
        'bash',
        '-c',
        `exec 3<>/dev/tcp/127.0.0.1/${String(target.blockedPort)} && printf 'GET /${target.file} HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`,
      ]);
      expect(inside.stdout).toContain(target.contents.trim());
      const result = await tcpConnect(episode.agent, target.spec.name, target.blockedPort);
      expect(result.exitCode).toBe(124); // dropped: no answer at all
      expect(result.stdout).toBe('');
    });

    it("cannot connect to the host's abstract unix sockets", async () => {
      // The socket is there for the host: this process connects to it.
      const fromHost = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(`\0${abstractName}`);
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => {
          resolve(text);
        });
        socket.on('error', reject);
      });
      expect(fromHost).toBe(secret);
      const connect = [
        'import socket, sys',
        's = socket.socket(socket.AF_UNIX)',
        "s.connect('\\0' + sys.argv[1])",
        'print(s.recv(100))',
      ].join('\n');
      const result = await episode.agent.exec({
        command: ['python3', '-c', connect, abstractName],
        timeoutMs: 10_000,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('ConnectionRefusedError');
      expect(result.stdout).not.toContain(secret);
    });
  });

  describe('privileged operations', () => {
    it('cannot change addresses, routes or the nft rules', async () => {
      const address = await episode.agent.exec({
        command: ['ip', 'addr', 'add', '10.9.9.9/24', 'dev', 'lo'],
      });
      expect(address.exitCode).toBe(2);
      expect(address.stderr).toContain('Operation not permitted');
      const routeAdd = await episode.agent.exec({
        command: ['ip', 'route', 'add', 'default', 'dev', 'lo'],
      });
      expect(routeAdd.exitCode).toBe(2);
      expect(routeAdd.stderr).toContain('Operation not permitted');
      const flush = await episode.agent.exec({ command: ['/usr/sbin/nft', 'flush', 'ruleset'] });
      expect(flush.exitCode).toBe(1);
      expect(flush.stderr).toContain('Operation not permitted');
      // Seen from the host, the agent's namespace still has its address, no route out and its rules.
      const namespace = `vigil-${episode.id}-agent`;
      const rules = await hostCommand('ip', ['netns', 'exec', namespace, 'nft', 'list', 'ruleset']);
      expect(rules.stdout).toContain('table inet vigil');
      expect(rules.stdout).toContain('policy drop');
      const routes = await hostCommand('ip', ['-n', namespace, 'route']);
      expect(routes.stdout).not.toContain('default');
      const addresses = await hostCommand('ip', ['-n', namespace, 'addr']);
      expect(addresses.stdout).not.toContain('10.9.9.9');
    });

    it('cannot mount', async () => {
      const result = await episode.agent.exec({
        command: ['mount', '-t', 'tmpfs', 'none', '/tmp'],
      });
      expect(result.exitCode).toBe(32);
      expect(result.stderr).toContain('must be superuser to use mount');
    });

    it.each([['-U'], ['-r']])('cannot make a user namespace (unshare %s)', async (flag) => {
      const result = await episode.agent.exec({ command: ['unshare', flag, 'id', '-u'] });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('unshare failed');
      expect(result.stdout).toBe('');
    });

    it('cannot chroot', async () => {
      const result = await episode.agent.exec({
        command: ['/usr/sbin/chroot', '/work', '/bin/true'],
      });
      expect(result.exitCode).toBe(125);
      expect(result.stderr).toContain('Operation not permitted');
    });

    it('gains nothing from setuid binaries (su, sudo)', async () => {
      const su = await episode.agent.exec({ command: ['su', '-c', 'id -u'], stdin: '' });
      expect(su.exitCode).not.toBe(0);
      expect(su.stdout).not.toMatch(/^0$/m);
      const sudo = await bash(episode.agent, 'sudo -n id -u');
      expect(sudo.exitCode).not.toBe(0);
      expect(sudo.stdout).toBe('');
      const status = await bash(
        episode.agent,
        'grep -E "^(NoNewPrivs|CapEff|CapPrm):" /proc/self/status; id -u',
      );
      expect(status.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
      expect(status.stdout).toMatch(/^CapEff:\s+0+$/m);
      expect(status.stdout).toMatch(/^CapPrm:\s+0+$/m);
      expect(status.stdout).not.toMatch(/^0$/m);
    });

    it('cannot kill its pid 1, and keeps working after trying', async () => {
      const kill = await bash(episode.agent, 'kill -9 1; sleep 0.2; cat /proc/1/comm');
      expect(kill.stdout).toBe('bwrap\n');
      const after = await episode.agent.exec({ command: ['echo', 'still here'] });
      expect(after.exitCode).toBe(0);
      expect(after.stdout).toBe('still here\n');
    });
  });
});
