/** One command to run inside a sandbox. */
export interface ExecRequest {
  /** argv; the first element is looked up on the sandbox's PATH. */
  readonly command: readonly string[];
  /** Text (UTF-8) or bytes given to the command on its standard input. */
  readonly stdin?: string | Uint8Array;
  /** The whole environment of the command: the sandbox passes nothing of the host's. */
  readonly env?: Readonly<Record<string, string>>;
  /** Working directory inside the sandbox (default `/work`). */
  readonly cwd?: string;
  /** A user inside the sandbox; only the sandbox's own user exists unless the task adds more. */
  readonly user?: string;
  /** Wall-clock limit: the whole process group is killed when it passes. */
  readonly timeoutMs?: number;
  /** Most bytes kept of stdout and of stderr each; the rest is dropped and flagged. */
  readonly outputLimitBytes?: number;
  readonly signal?: AbortSignal;
}

/** What a command did. A command that fails or times out is a result, not an error. */
export interface ExecResult {
  /** null when the command was killed by a signal. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  /** stdout or stderr was longer than the limit and was cut. */
  readonly truncated: boolean;
  readonly durationMs: number;
}

/** A service of an episode as the agent reaches it. */
export interface ServiceAddress {
  readonly name: string;
  readonly host: string;
  readonly ports: readonly number[];
}

/**
 * The sandbox port: where a model's commands run. Failure cases:
 * - `exec` resolves with a result for any command outcome (non-zero exit, timeout, output
 *   cut); it rejects with `SandboxError` only when the sandbox itself is gone or broken, and
 *   with the signal's reason when aborted.
 * - `readFile` rejects with `SandboxError` (code `not_found`, `too_large`) for a missing file
 *   or one over `maxBytes`; `writeFile` with code `write_failed`.
 */
export interface Sandbox {
  exec(request: ExecRequest): Promise<ExecResult>;
  readFile(path: string, options?: { readonly maxBytes?: number }): Promise<string>;
  writeFile(path: string, contents: string | Uint8Array): Promise<void>;
  /** The services this sandbox may reach, by name. */
  readonly services: readonly ServiceAddress[];
  /**
   * Runs a command attached to this process's terminal (for a person, e.g. an interactive
   * shell); resolves with its exit code. Optional: remote sandboxes may not offer it.
   */
  attach?(command: readonly string[], env?: Readonly<Record<string, string>>): Promise<number>;
}
