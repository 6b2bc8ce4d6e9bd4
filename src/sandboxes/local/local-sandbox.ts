import { spawn } from 'node:child_process';
import { SandboxError } from '../../core/errors/sandbox-error.js';
import type {
  ExecRequest,
  ExecResult,
  Sandbox,
  ServiceAddress,
} from '../../core/sandbox/sandbox.js';
import { inCgroups } from './bwrap-args.js';
import { killCgroup, type CgroupSet } from './cgroups.js';

const defaultTimeoutMs = 180_000;
const defaultOutputLimit = 1024 * 1024;

/** What a live agent sandbox is, for running commands in it. */
export interface AgentSandboxHandle {
  /** Host pid of a process inside the sandbox's namespaces. */
  readonly initPid: number;
  readonly uid: number;
  readonly cgroups: CgroupSet;
  readonly services: readonly ServiceAddress[];
  /** Where commands start unless they say otherwise: `/work` for the agent, `/srv` for a service. */
  readonly home: string;
  readonly isClosed: () => boolean;
}

/** Collects a stream up to `limit` bytes, dropping and flagging the rest. */
class CappedText {
  #chunks: Buffer[] = [];
  #bytes = 0;
  truncated = false;
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(chunk: Buffer): void {
    const room = this.#limit - this.#bytes;
    if (room <= 0) {
      this.truncated = true;
      return;
    }
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (kept.length < chunk.length) this.truncated = true;
    this.#chunks.push(kept);
    this.#bytes += kept.length;
  }

  text(): string {
    return Buffer.concat(this.#chunks).toString('utf8');
  }
}

/** The host command that runs `request` inside the sandbox, and the environment it gets. */
function enterArgv(
  handle: AgentSandboxHandle,
  request: Pick<ExecRequest, 'command' | 'env' | 'cwd'>,
): { argv: string[]; env: Record<string, string> } {
  const uid = String(handle.uid);
  // nsenter and setpriv pass their environment on: the command gets exactly this one.
  const env = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: handle.home,
    USER: 'agent',
    LANG: 'C.UTF-8',
    ...request.env,
  };
  const argv = [
    'nsenter',
    '-t',
    String(handle.initPid),
    '--user',
    '--mount',
    '--uts',
    '--ipc',
    '--net',
    '--pid',
    '--setuid',
    uid,
    '--setgid',
    uid,
    `--wdns=${request.cwd ?? handle.home}`,
    '--',
    // After nsenter's setuid the command has no effective or permitted capabilities left; the
    // bounding set can no longer be dropped then (that needs CAP_SETPCAP), so it stays as is.
    'setpriv',
    '--no-new-privs',
    '--inh-caps=-all',
    ...request.command,
  ];
  return { argv: inCgroups(handle.cgroups.procsFiles, argv), env };
}

/**
 * Runs a command in a live agent sandbox: `nsenter` into its namespaces as its uid, with
 * no-new-privs and no capabilities, inside its cgroups (nsenter carries none of the three
 * over by itself), with a wall-clock limit that kills everything the command started and an
 * output cap.
 */
export function runInSandbox(
  handle: AgentSandboxHandle,
  request: ExecRequest,
): Promise<ExecResult> {
  if (handle.isClosed())
    return Promise.reject(new SandboxError('closed', 'the sandbox has been torn down'));
  if (request.user !== undefined && request.user !== 'agent') {
    return Promise.reject(
      new SandboxError('setup_failed', `user "${request.user}" does not exist in the sandbox`, {
        hint: 'commands run as the sandbox user "agent"',
      }),
    );
  }
  request.signal?.throwIfAborted();
  const { argv: wrapped, env } = enterArgv(handle, request);
  const limit = request.outputLimitBytes ?? defaultOutputLimit;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(wrapped[0] ?? '/bin/sh', wrapped.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env,
    });
    const stdout = new CappedText(limit);
    const stderr = new CappedText(limit);
    let timedOut = false;
    let aborted = false;
    const killAll = () => {
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group is gone
        }
      }
      void killCgroup(handle.cgroups);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killAll();
    }, request.timeoutMs ?? defaultTimeoutMs);
    const onAbort = () => {
      aborted = true;
      killAll();
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
    });
    child.stdin.on('error', () => undefined); // the command may exit without reading its input
    child.stdin.end(request.stdin ?? '');
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new SandboxError('setup_failed', `cannot run nsenter: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (timedOut) void killCgroup(handle.cgroups); // stragglers that left the process group
      if (aborted) {
        reject(request.signal?.reason as Error);
        return;
      }
      resolve({
        exitCode: code,
        signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        timedOut,
        truncated: stdout.truncated || stderr.truncated,
        durationMs: performance.now() - started,
      });
    });
  });
}

/** The Sandbox port over a live agent sandbox. */
export function localSandbox(handle: AgentSandboxHandle): Sandbox {
  return {
    services: handle.services,
    exec: (request) => runInSandbox(handle, request),
    async readFile(path, options = {}) {
      const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
      const result = await runInSandbox(handle, {
        command: ['cat', '--', path],
        outputLimitBytes: maxBytes,
        timeoutMs: 30_000,
      });
      if (result.exitCode !== 0)
        throw new SandboxError(
          'not_found',
          `cannot read ${path} in the sandbox: ${result.stderr.trim()}`,
        );
      if (result.truncated)
        throw new SandboxError('too_large', `${path} is larger than ${String(maxBytes)} bytes`);
      return result.stdout;
    },
    attach(command, extraEnv = {}) {
      // A session of its own: the terminal is not the command's controlling terminal, so it
      // cannot push keystrokes into the person's shell (TIOCSTI) after it exits.
      const { argv, env } = enterArgv(handle, {
        command: ['setsid', '--wait', ...command],
        env: extraEnv,
      });
      return new Promise((resolve, reject) => {
        const child = spawn(argv[0] ?? '/bin/sh', argv.slice(1), { stdio: 'inherit', env });
        child.on('error', reject);
        child.on('close', (code) => {
          resolve(code ?? 1);
        });
      });
    },
    async writeFile(path, contents) {
      const result = await runInSandbox(handle, {
        command: ['sh', '-c', 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1"', 'sh', path],
        stdin: contents,
        timeoutMs: 30_000,
      });
      if (result.exitCode !== 0)
        throw new SandboxError(
          'write_failed',
          `cannot write ${path} in the sandbox: ${result.stderr.trim()}`,
        );
    },
  };
}
