import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { SandboxError } from '../../core/errors/sandbox-error.js';

/** A long-lived sandbox process (the agent's placeholder init, or a service). */
export interface SandboxProcess {
  readonly child: ChildProcess;
  /** The last 4 KB the process wrote to stderr, for error messages. */
  readonly stderrTail: () => string;
  readonly exited: () => boolean;
  /** Kills it and waits until it has exited; the caller sweeps its uid for anything orphaned. */
  readonly kill: () => Promise<void>;
}

/**
 * Starts a long-lived process. With `infoFd` (the agent's sandbox) it resolves once bwrap has
 * reported its child's host pid on `--info-fd 3` and the sandboxed command has printed
 * `ready`: only then are the namespaces, the uid map and the mounts complete.
 */
export async function startSandboxProcess(
  argv: readonly string[],
  /** `infoFd`: learn the sandboxed child's host pid; `awaitReady`: also wait for `ready`. */
  options: { readonly infoFd: boolean; readonly awaitReady?: boolean },
): Promise<{ process: SandboxProcess; childPid: number | undefined }> {
  const child = spawn(argv[0] ?? '', argv.slice(1), {
    stdio: options.infoFd ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  let exited = false;
  // 'exit', not 'close': a sandboxed grandchild may still hold the pipes for a moment.
  const closed = new Promise<void>((resolve) => {
    child.on('exit', () => {
      exited = true;
      resolve();
    });
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4096);
  });
  const handle: SandboxProcess = {
    child,
    stderrTail: () => tail,
    exited: () => exited,
    kill: async () => {
      if (!exited) child.kill('SIGKILL');
      await closed;
    },
  };
  if (!options.infoFd) return { process: handle, childPid: undefined };
  const info = child.stdio[3] as Readable | null | undefined;
  const childPid = await new Promise<number>((resolve, reject) => {
    let text = '';
    let output = '';
    let pid: number | undefined;
    let ready = options.awaitReady === false;
    const settle = () => {
      if (pid !== undefined && ready) resolve(pid);
    };
    info?.setEncoding('utf8');
    info?.on('data', (chunk: string) => {
      text += chunk;
      const match = /"child-pid":\s*(\d+)/.exec(text);
      if (match?.[1] !== undefined) pid = Number(match[1]);
      settle();
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output = (output + chunk).slice(-16); // only the ready line matters
      ready ||= output.includes('ready\n');
      settle();
    });
    child.on('error', (error) => {
      reject(new SandboxError('setup_failed', `cannot start the sandbox: ${error.message}`));
    });
    void closed.then(() => {
      reject(
        new SandboxError(
          'setup_failed',
          `the sandbox exited at once: ${tail.trim().slice(0, 500)}`,
        ),
      );
    });
  });
  return { process: handle, childPid };
}
