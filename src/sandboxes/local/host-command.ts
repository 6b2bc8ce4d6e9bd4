import { spawn } from 'node:child_process';
import { SandboxError } from '../../core/errors/sandbox-error.js';

/** What a host command printed. */
export interface HostCommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a host command as root (set-up and tear-down only, never a model's command). */
export function hostCommand(
  command: string,
  args: readonly string[],
  input?: string,
): Promise<HostCommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // a command that does not read its input
    child.stdin.end(input ?? '');
  });
}

/** Runs a host command that must succeed; a failure is a set-up error naming the command. */
export async function mustRun(
  command: string,
  args: readonly string[],
  input?: string,
): Promise<string> {
  const result = await hostCommand(command, args, input);
  if (result.code !== 0) {
    throw new SandboxError(
      'setup_failed',
      `${command} ${args.join(' ')} failed (${String(result.code)}): ${result.stderr.trim().slice(0, 500)}`,
    );
  }
  return result.stdout;
}
