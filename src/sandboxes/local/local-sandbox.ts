import { SandboxError } from '../../core/errors/sandbox-error.js';
import type {
  ExecRequest,
  ExecResult,
  Sandbox,
  ServiceAddress,
} from '../../core/sandbox/sandbox.js';
import { killCgroup, type CgroupSet } from './cgroups.js';
import { attachThroughHelper, type ExecHelper, type ExecHelperTarget } from './exec-helper.js';

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
  /** The sandbox's exec helper, started once (on first use, or early by the provider). */
  readonly helper: () => Promise<ExecHelper>;
  /** What the helper serves: also how a person's terminal command enters the sandbox. */
  readonly helperTarget: ExecHelperTarget;
}

/** The environment a command gets: the sandbox's defaults, then the request's. */
function commandEnv(handle: AgentSandboxHandle, env: ExecRequest['env']): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: handle.home,
    USER: 'agent',
    LANG: 'C.UTF-8',
    ...env,
  };
}

/**
 * Runs a command in a live sandbox through its exec helper (namespaces entered once; the
 * command gets the sandbox's uid, no capabilities, no-new-privs, the seccomp filter and the
 * sandbox's cgroups), with a wall-clock limit that kills everything the command started and
 * an output cap.
 */
export async function runInSandbox(
  handle: AgentSandboxHandle,
  request: ExecRequest,
): Promise<ExecResult> {
  if (handle.isClosed()) throw new SandboxError('closed', 'the sandbox has been torn down');
  if (request.user !== undefined && request.user !== 'agent') {
    throw new SandboxError('setup_failed', `user "${request.user}" does not exist in the sandbox`, {
      hint: 'commands run as the sandbox user "agent"',
    });
  }
  request.signal?.throwIfAborted();
  const helper = await handle.helper();
  const started = performance.now();
  let pid: number | undefined;
  // Set from timers and listeners; an object so that the checks after `await` read them fresh.
  const ended = { timedOut: false, aborted: false };
  const sweeps: Promise<void>[] = [];
  const killAll = () => {
    if (pid !== undefined) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is gone
      }
    }
    sweeps.push(killCgroup(handle.cgroups)); // stragglers that left the process group
  };
  const timer = setTimeout(() => {
    ended.timedOut = true;
    killAll();
  }, request.timeoutMs ?? defaultTimeoutMs);
  const onAbort = () => {
    ended.aborted = true;
    killAll();
  };
  request.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await helper.run(
      {
        argv: request.command,
        env: commandEnv(handle, request.env),
        ...(request.cwd === undefined ? {} : { cwd: request.cwd }),
        ...(request.stdin === undefined ? {} : { stdin: request.stdin }),
        limit: request.outputLimitBytes ?? defaultOutputLimit,
      },
      (hostPid) => {
        pid = hostPid;
        if (ended.timedOut || ended.aborted) killAll();
      },
    );
    if (ended.timedOut) sweeps.push(killCgroup(handle.cgroups));
    // Finished before returning: a sweep still under way would kill the next command.
    await Promise.all(sweeps);
    if (ended.aborted) throw request.signal?.reason as Error;
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      stdout: result.stdout.toString('utf8'),
      stderr: result.stderr.toString('utf8'),
      timedOut: ended.timedOut,
      truncated: result.truncated,
      durationMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
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
      // Through a helper of its own, so the person's command is confined like every other:
      // the sandbox's uid, no capabilities, no-new-privs, the seccomp filter, its cgroups.
      return attachThroughHelper(handle.helperTarget, {
        argv: command,
        env: commandEnv(handle, extraEnv),
        cwd: handle.home,
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
