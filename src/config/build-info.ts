import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Vigil's version from package.json, and the git revision of its checkout when there is one. */
export async function readBuildInfo(): Promise<{ version: string; gitRevision?: string }> {
  const manifest = JSON.parse(await readFile(`${packageRoot}package.json`, 'utf8')) as {
    version: string;
  };
  const gitRevision = await new Promise<string | undefined>((resolve) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: packageRoot, timeout: 2000 }, (error, stdout) => {
      resolve(error === null ? stdout.trim() || undefined : undefined);
    });
  });
  return gitRevision === undefined
    ? { version: manifest.version }
    : { version: manifest.version, gitRevision };
}

/** The folder Vigil is installed in (holds package.json, src/ and dist/). */
export function vigilRoot(): string {
  return packageRoot;
}
