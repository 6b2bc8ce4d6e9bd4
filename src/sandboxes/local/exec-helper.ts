import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SandboxError } from '../../core/errors/sandbox-error.js';

// The helper ships as source beside the compiled code's sources (dist/ holds only .js).
const helperPath = fileURLToPath(
  new URL('../../../src/sandboxes/local/exec-helper.py', import.meta.url),
);

/** Which sandbox a helper serves. */
export interface ExecHelperTarget {
  /** Host pid of a process inside the sandbox's namespaces. */
  readonly pid: number;
  readonly uid: number;
  readonly procsFiles: readonly string[];
  /** The default working directory, also HOME. */
  readonly home: string;
  /** Commands keep CAP_NET_RAW (and nothing else) for raw-socket tools. */
  readonly rawSockets: boolean;
}

/**
 * Runs one command on this process's terminal inside the sandbox (a person's shell), confined
 * exactly as the helper confines every command; resolves with its exit code (128 + the signal
 * that ended it). The command starts a session of its own: it has no controlling terminal, so
 * it cannot push keystrokes into the person's shell after it ends.
 */
export function attachThroughHelper(
  target: ExecHelperTarget,
  command: Pick<HelperCommand, 'argv' | 'env' | 'cwd'>,
): Promise<number> {
  const config = {
    ...target,
    attach: { argv: command.argv, env: command.env, cwd: command.cwd ?? target.home },
  };
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-I', '-S', helperPath, JSON.stringify(config)], {
      stdio: 'inherit',
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve(code ?? 1);
    });
  });
}

/** One command for the helper. */
export interface HelperCommand {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly stdin?: string | Uint8Array;
  readonly limit: number;
}

/** What a command did, as the helper reports it. */
export interface HelperResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly truncated: boolean;
}

interface Pending {
  readonly onStarted: (pid: number) => void;
  readonly resolve: (result: HelperResult) => void;
  readonly reject: (error: Error) => void;
}

type Reply =
  | { ready: true }
  | { id: number; started: number }
  | { id: number; error: string }
  | {
      id: number;
      exit: number | null;
      signal: number | null;
      stdout: string;
      stderr: string;
      truncated: boolean;
    };

/** How long `close` lets the helper end its zygote before it kills the helper. */
const closeGraceMs = 1_000;

const signalNames = new Map<number, string>([
  [1, 'SIGHUP'],
  [2, 'SIGINT'],
  [6, 'SIGABRT'],
  [9, 'SIGKILL'],
  [11, 'SIGSEGV'],
  [13, 'SIGPIPE'],
  [15, 'SIGTERM'],
]);

/**
 * The adapter's side of `exec-helper.py`: a host-side process per sandbox that has entered
 * its namespaces once, and forks each command from a zygote that joined the sandbox's cgroups
 * once, so a command costs one fork and exec and is never moved between cgroups (see
 * docs/sandboxes.md). `onStarted` may not be called for a command that was over before its
 * host pid could be read.
 */
export class ExecHelper {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #buffered = '';
  #stderr = '';
  #exited = false;

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
  }

  /** Starts a helper for `target`; resolves once it is inside the sandbox and ready. */
  static start(target: ExecHelperTarget): Promise<ExecHelper> {
    const child = spawn('/usr/bin/python3', ['-I', '-S', helperPath, JSON.stringify(target)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
    });
    const helper = new ExecHelper(child);
    return new Promise((resolve, reject) => {
      helper.#listen(() => {
        resolve(helper);
      }, reject);
    });
  }

  #listen(onReady: () => void, onStartFailure: (error: Error) => void): void {
    const child = this.#child;
    let ready = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4096);
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.#buffered += chunk;
      let newline = this.#buffered.indexOf('\n');
      while (newline !== -1) {
        const reply = JSON.parse(this.#buffered.slice(0, newline)) as Reply;
        this.#buffered = this.#buffered.slice(newline + 1);
        if ('ready' in reply) {
          ready = true;
          onReady();
        } else this.#onReply(reply);
        newline = this.#buffered.indexOf('\n');
      }
    });
    child.stdin.on('error', () => undefined); // a dead helper is reported by 'exit'
    child.on('error', (error) => {
      onStartFailure(
        new SandboxError('setup_failed', `cannot start the exec helper: ${error.message}`),
      );
    });
    child.on('exit', () => {
      this.#exited = true;
      const why = this.#stderr.trim() || 'it exited';
      if (!ready)
        onStartFailure(new SandboxError('setup_failed', `the exec helper failed: ${why}`));
      for (const pending of this.#pending.values()) {
        pending.reject(new SandboxError('closed', `the sandbox's exec helper is gone: ${why}`));
      }
      this.#pending.clear();
    });
  }

  #onReply(reply: Exclude<Reply, { ready: true }>): void {
    const pending = this.#pending.get(reply.id);
    if (pending === undefined) return;
    if ('started' in reply) {
      pending.onStarted(reply.started);
      return;
    }
    this.#pending.delete(reply.id);
    if ('error' in reply) {
      pending.reject(new SandboxError('closed', `cannot start the command: ${reply.error}`));
      return;
    }
    pending.resolve({
      exitCode: reply.exit,
      signal:
        reply.signal === null
          ? null
          : (signalNames.get(reply.signal) ?? `signal ${String(reply.signal)}`),
      stdout: Buffer.from(reply.stdout, 'base64'),
      stderr: Buffer.from(reply.stderr, 'base64'),
      truncated: reply.truncated,
    });
  }

  /** Runs one command; `onStarted` gets its host pid (also its process group) once it runs. */
  run(command: HelperCommand, onStarted: (pid: number) => void): Promise<HelperResult> {
    if (this.#exited)
      return Promise.reject(new SandboxError('closed', "the sandbox's exec helper is gone"));
    const id = this.#nextId++;
    const stdin = command.stdin === undefined ? '' : Buffer.from(command.stdin).toString('base64');
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { onStarted, resolve, reject });
      this.#child.stdin.write(
        `${JSON.stringify({
          op: 'run',
          id,
          argv: command.argv,
          env: command.env,
          ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
          stdin,
          limit: command.limit,
        })}\n`,
      );
    });
  }

  /**
   * Ends the helper and waits for it to exit. Its end of input tells it to kill and reap its
   * zygote first (the sandbox's init cannot finish exiting while that is unreaped); the
   * commands are the sandbox's to kill. SIGKILL if it has not exited within a second.
   */
  async close(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => {
      this.#child.once('exit', () => {
        resolve();
      });
    });
    this.#child.stdin.end();
    const deadline = setTimeout(() => {
      this.#child.kill('SIGKILL');
    }, closeGraceMs);
    await exited;
    clearTimeout(deadline);
  }
}
