import type { ExecRequest, ExecResult } from '../sandbox/sandbox.js';
import type { ToolContext, ToolResult } from './tool.js';

/** Settings shared by the tools that run a program in the sandbox (`bash`, `python`). */
export interface CommandToolOptions {
  /** Wall-clock limit of one call; the process group is killed when it passes. Default 180. */
  readonly timeoutSeconds?: number;
  /**
   * Most bytes the sandbox keeps of stdout and of stderr each (default 1 MiB); more is cut and
   * marked `[output truncated]`. The agent then trims what the model reads to its own
   * `toolOutputLimit`, keeping head and tail.
   */
  readonly outputLimitBytes?: number;
  /** Working directory inside the sandbox (the sandbox's default when unset). */
  readonly cwd?: string;
  /** A user inside the sandbox (the sandbox's own user when unset). */
  readonly user?: string;
  /** The whole environment of the command (the sandbox's default when unset). */
  readonly env?: Readonly<Record<string, string>>;
}

export const defaultCommandTimeoutSeconds = 180;
export const defaultCommandOutputLimitBytes = 1024 * 1024;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function withoutFinalNewline(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/**
 * What the model reads of a command: stdout, then stderr under a `[stderr]` line, then markers
 * for a non-zero exit code, a kill, a timeout (`[timed out]`) and cut output
 * (`[output truncated]`); `[no output]` when there is nothing else to say.
 */
export function formatExecResult(result: ExecResult, timeoutSeconds: number): string {
  const parts: string[] = [];
  if (result.stdout !== '') parts.push(withoutFinalNewline(result.stdout));
  if (result.stderr !== '') parts.push(`[stderr]\n${withoutFinalNewline(result.stderr)}`);
  if (result.timedOut)
    parts.push(`[timed out] the command ran longer than ${timeoutSeconds} s and was killed`);
  else if (result.exitCode === null) parts.push(`[killed by signal ${result.signal ?? 'unknown'}]`);
  else if (result.exitCode !== 0) parts.push(`[exit code ${result.exitCode}]`);
  if (result.truncated) parts.push('[output truncated]');
  return parts.length === 0 ? '[no output]' : parts.join('\n');
}

/** Runs one command for a tool call and formats what it did. */
export function commandRunner(
  options: CommandToolOptions,
): (command: readonly string[], context: ToolContext, stdin?: string) => Promise<ToolResult> {
  const timeoutSeconds = positive(
    'timeoutSeconds',
    options.timeoutSeconds ?? defaultCommandTimeoutSeconds,
  );
  const outputLimitBytes = positive(
    'outputLimitBytes',
    options.outputLimitBytes ?? defaultCommandOutputLimitBytes,
  );
  return async (command, context, stdin) => {
    const request: ExecRequest = {
      command,
      timeoutMs: timeoutSeconds * 1000,
      outputLimitBytes,
      signal: context.signal,
      ...(stdin === undefined ? {} : { stdin }),
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      ...(options.user === undefined ? {} : { user: options.user }),
      ...(options.env === undefined ? {} : { env: options.env }),
    };
    const result = await context.sandbox.exec(request);
    return { output: formatExecResult(result, timeoutSeconds) };
  };
}
