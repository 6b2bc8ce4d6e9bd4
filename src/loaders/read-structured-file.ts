import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../core/errors/input-error.js';

/** Reads a text file, turning "not found" and the like into an InputError that names it. */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(error);
    throw new InputError(`cannot read ${what}: ${reason}`, {
      source: path,
      hint: `check the path to the ${what}`,
    });
  }
}

/** Reads a YAML or JSON file into plain data; a syntax error names the file and the line. */
export async function readStructuredFile(path: string, what: string): Promise<unknown> {
  const text = await readTextFile(path, what);
  const extension = extname(path).toLowerCase();
  try {
    if (extension === '.json') return JSON.parse(text) as unknown;
    return parseYaml(text, { prettyErrors: true }) as unknown;
  } catch (error) {
    const detail =
      error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    throw new InputError(`is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${detail}`, {
      source: path,
      hint: `fix the syntax of the ${what}`,
    });
  }
}
