import { SandboxError } from '../../src/core/errors/sandbox-error.js';
import type { ExecRequest, ExecResult, Sandbox } from '../../src/core/sandbox/sandbox.js';

/** A command that ran for 1 ms, exited 0 and printed nothing. */
export const quietSuccess: ExecResult = {
  exitCode: 0,
  signal: null,
  stdout: '',
  stderr: '',
  timedOut: false,
  truncated: false,
  durationMs: 1,
};

/** An in-memory sandbox: records every command and answers from `reply`. */
export class FakeSandbox implements Sandbox {
  readonly services = [];
  readonly requests: ExecRequest[] = [];
  readonly files = new Map<string, string | Uint8Array>();
  readonly #reply: (request: ExecRequest) => Partial<ExecResult>;

  constructor(reply: (request: ExecRequest) => Partial<ExecResult> = () => ({})) {
    this.#reply = reply;
  }

  get commands(): string[] {
    return this.requests.map((request) => request.command.join(' '));
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    this.requests.push(request);
    return Promise.resolve({ ...quietSuccess, ...this.#reply(request) });
  }

  readFile(path: string): Promise<string> {
    const stored = this.files.get(path);
    const contents =
      stored === undefined || typeof stored === 'string'
        ? stored
        : Buffer.from(stored).toString('utf8');
    return contents === undefined
      ? Promise.reject(new SandboxError('not_found', `${path}: no such file`))
      : Promise.resolve(contents);
  }

  writeFile(path: string, contents: string | Uint8Array): Promise<void> {
    this.files.set(path, contents);
    return Promise.resolve();
  }
}
