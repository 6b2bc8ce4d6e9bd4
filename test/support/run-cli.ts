import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const bin = `${repoRoot}bin/vigil.js`;

/** What a finished `vigil` process left behind. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built `vigil` command as a user would, in `cwd`. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; onStart?: (child: ReturnType<typeof spawn>) => void } = {},
): Promise<CliResult> {
  if (!existsSync(`${repoRoot}dist/cli/main.js`))
    throw new Error('dist/ is missing: run npm run build before these tests');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd ?? repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    options.onStart?.(child);
  });
}
