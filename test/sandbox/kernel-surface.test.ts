// What a sandboxed command may ask of the shared kernel: no capabilities (not even in the
// bounding set), a seccomp filter refusing what no task needs and kernel exploits like, and,
// only where a task asks for raw sockets, CAP_NET_RAW and nothing more. Runs only as root on a
// host with the sandbox's prerequisites; otherwise it says loudly why it skipped.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Episode } from '../../src/core/sandbox/sandbox-provider.js';
import { createLocalSandboxProvider } from '../../src/sandboxes/local/local-provider.js';
import { bash, sandboxUnavailableReason, targetService } from './support.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn('SKIPPED sandbox tests: ' + reason);

const provider = createLocalSandboxProvider();

/** Python that makes raw system calls and prints `name=errno` (0 when the call succeeded). */
const probeSyscalls = `
import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
def call(name, number, *args):
    result = libc.syscall(number, *args)
    print(f"{name}={0 if result >= 0 else ctypes.get_errno()}")
call("keyctl", 250, 0, 0, 0, 0)
call("add_key", 248, b"user", b"k", b"v", 1, -3)
call("bpf", 321, 0, 0, 0)
call("perf_event_open", 298, 0, 0, -1, -1, 0)
call("userfaultfd", 323, 0)
call("io_uring_setup", 425, 1, 0)
call("unshare_user", 272, 0x10000000)
call("unshare_net", 272, 0x40000000)
call("setns", 308, 0, 0)
call("clone_newuser", 56, 0x10000000 | 17, 0, 0, 0, 0)
call("x32_getpid", 0x40000000 | 39)
call("getpid", 39)
read_end, _ = os.pipe()
call("ioctl_tiocsti", 16, read_end, 0x5412, ctypes.c_char_p(b"x"))
call("ioctl_fionread", 16, read_end, 0x541B, ctypes.byref(ctypes.c_int()))
for name, family, kind, protocol in [("packet", 17, socket.SOCK_RAW, 0), ("raw_icmp", socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)]:
    try:
        socket.socket(family, kind, protocol).close()
        print(f"{name}=0")
    except OSError as error:
        print(f"{name}={error.errno}")
`;

/** Sends one ICMP echo request over a raw socket and prints what came back. */
const ping = `
import socket, struct, sys
def checksum(data):
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    total = (total >> 16) + (total & 0xFFFF)
    return ~(total + (total >> 16)) & 0xFFFF
header = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1) + b"vigil-ping"
packet = header[:2] + struct.pack("!H", checksum(header)) + header[4:]
sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
sock.settimeout(2)
sock.sendto(packet, (socket.gethostbyname(sys.argv[1]), 0))
try:
    reply, _ = sock.recvfrom(2048)
    print("reply type", reply[20])
except socket.timeout:
    print("no reply")
`;

function results(stdout: string): Record<string, number> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((line) => line.split('='))
      .map(([name, value]) => [name ?? '', Number(value)]),
  );
}

const EPERM = 1;

describe.skipIf(reason !== undefined)('local sandbox: the kernel surface of a command', () => {
  let plain: Episode;
  let raw: Episode;
  const target = targetService();

  beforeAll(async () => {
    [plain, raw] = await Promise.all([
      provider.start({ services: [target.spec] }),
      provider.start({ services: [target.spec], rawSockets: true }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([plain.close(), raw.close()]);
  });

  it('holds no capability, not even in its bounding set, and runs under seccomp', async () => {
    const status = await bash(
      plain.agent,
      'grep -E "^(Cap|NoNewPrivs|Seccomp:)" /proc/self/status',
    );
    expect(status.stdout).toMatch(/^CapInh:\s+0+$/m);
    expect(status.stdout).toMatch(/^CapPrm:\s+0+$/m);
    expect(status.stdout).toMatch(/^CapEff:\s+0+$/m);
    expect(status.stdout).toMatch(/^CapBnd:\s+0+$/m);
    expect(status.stdout).toMatch(/^CapAmb:\s+0+$/m);
    expect(status.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status.stdout).toMatch(/^Seccomp:\s+2$/m);
  });

  it('confines a command on a person’s terminal (sandbox shell) the same way', async () => {
    const attach = (command: readonly string[]) => {
      if (plain.agent.attach === undefined) throw new Error('the local sandbox attaches terminals');
      return plain.agent.attach(command);
    };
    // The command's output goes to the terminal; its exit code says what it found.
    const confined = [
      'grep -Eq "^CapBnd:[[:space:]]+0+$" /proc/self/status',
      'grep -Eq "^CapEff:[[:space:]]+0+$" /proc/self/status',
      'grep -Eq "^NoNewPrivs:[[:space:]]+1$" /proc/self/status',
      'grep -Eq "^Seccomp:[[:space:]]+2$" /proc/self/status',
      'grep -Eq "^SigIgn:[[:space:]]+0+$" /proc/self/status',
      'test "$(id -u)" != 0',
      'test "$PWD" = /work',
      '! unshare -U true 2>/dev/null',
    ].join(' && ');
    expect(await attach(['bash', '-c', confined])).toBe(0);
    expect(await attach(['bash', '-c', 'exit 7'])).toBe(7);
    expect(await attach(['bash', '-c', 'kill -KILL $$'])).toBe(128 + 9);
  });

  it('starts with no signal ignored or blocked, so a pipeline ends quietly', async () => {
    const result = await bash(
      plain.agent,
      'grep -E "^Sig(Ign|Blk):" /proc/self/status; yes | head -c 2; echo "${PIPESTATUS[*]}"',
    );
    expect(result.stdout).toMatch(/^SigIgn:\s+0+$/m);
    expect(result.stdout).toMatch(/^SigBlk:\s+0+$/m);
    expect(result.stdout).toMatch(/^y\n141 0$/m); // `yes` ended by SIGPIPE (128 + 13)
    expect(result.stderr).toBe('');
  });

  it('is refused the system calls on the deny list, and keeps the ordinary ones', async () => {
    const result = await plain.agent.exec({ command: ['python3', '-c', probeSyscalls] });
    expect(result.stderr).toBe('');
    const seen = results(result.stdout);
    for (const name of [
      'keyctl',
      'add_key',
      'bpf',
      'perf_event_open',
      'userfaultfd',
      'io_uring_setup',
      'unshare_user',
      'unshare_net',
      'setns',
      'clone_newuser',
      'x32_getpid',
      'ioctl_tiocsti',
      'packet',
      'raw_icmp',
    ]) {
      expect({ name, errno: seen[name] }).toEqual({ name, errno: EPERM });
    }
    expect(seen.getpid).toBe(0);
    expect(seen.ioctl_fionread).toBe(0);
  });

  it('cannot see the host-side helper, and is told clearly once kill -9 -1 ended it', async () => {
    const episode = await provider.start({});
    try {
      // The helper is outside the sandbox's pid namespace; its zygote, inside, is renamed
      // (exec-zygote.test.ts), so no python3 shows.
      const result = await bash(
        episode.agent,
        'ps -e -o pid=,comm= | grep -c python3; kill -9 -1 2>/dev/null; echo done',
      );
      // The shell itself may die before `echo done`: the sandbox's init goes with kill -1, and
      // its pid namespace with it.
      expect(result.stdout).toMatch(/^0\n(done\n)?$/);
      // kill -1 took the sandbox's own processes with it; once its pid namespace is gone, the
      // helper outside says so clearly (a command started while it dies is killed with it).
      let failure: unknown;
      for (let attempt = 0; attempt < 20 && failure === undefined; attempt += 1) {
        await episode.agent.exec({ command: ['true'] }).then(
          () => sleep(50),
          (error: unknown) => (failure = error),
        );
      }
      expect(String(failure)).toMatch(/sandbox's processes are gone.*start a new episode/);
    } finally {
      await episode.close();
    }
  });

  it('with raw sockets asked for: CAP_NET_RAW and nothing else, and ping reaches the target', async () => {
    const status = await bash(raw.agent, 'grep -E "^(Cap|NoNewPrivs)" /proc/self/status; id -u');
    const netRaw = (1 << 13).toString(16).padStart(16, '0');
    for (const set of ['CapPrm', 'CapEff', 'CapBnd', 'CapAmb'])
      expect(status.stdout).toMatch(new RegExp(`^${set}:\\s+${netRaw}$`, 'm'));
    expect(status.stdout).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(status.stdout).not.toMatch(/^0$/m);
    const probes = results(
      (await raw.agent.exec({ command: ['python3', '-c', probeSyscalls] })).stdout,
    );
    expect(probes.raw_icmp).toBe(0);
    expect(probes.packet).toBe(0);
    expect(probes.keyctl).toBe(EPERM);
    expect(probes.unshare_user).toBe(EPERM);
    const pinged = await raw.agent.exec({ command: ['python3', '-c', ping, 'target'] });
    expect(pinged.stdout).toBe('reply type 0\n');
  });

  it('with raw sockets, still reaches nothing but its target', async () => {
    const result = await bash(raw.agent, 'ip route get 1.1.1.1 2>&1; echo "rc=$?"');
    expect(result.stdout).toMatch(/unreachable[\s\S]*rc=[12]/);
    const pingOut = await raw.agent.exec({ command: ['python3', '-c', ping, '1.1.1.1'] });
    expect(pingOut.stdout).not.toContain('reply');
  });
});
