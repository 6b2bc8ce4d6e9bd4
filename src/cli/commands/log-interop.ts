import { basename } from 'node:path';
import { readBuildInfo } from '../../config/build-info.js';
import { InputError } from '../../core/errors/input-error.js';
import { exportInspectLog } from '../../interop/inspect/export-inspect-log.js';
import { importInspectLog } from '../../interop/inspect/import-inspect-log.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';

/** Log formats `vigil log export` writes. */
export const exportFormats = ['inspect'] as const;

/** `run.vigil.jsonl` -> `run.eval` (export) or `run.eval` -> `run.vigil.jsonl` (import), here. */
export function defaultOutputName(input: string, direction: 'export' | 'import'): string {
  const name = basename(input);
  if (direction === 'export') return `${name.replace(/(\.vigil)?\.jsonl$/, '')}.eval`;
  return `${name.replace(/\.eval$/, '')}.vigil.jsonl`;
}

/** `vigil log export --format inspect <log> [-o out.eval]`. */
export async function logExport(
  input: string,
  options: { readonly format: string | undefined; readonly output: string | undefined },
  io: CliIo,
): Promise<number> {
  const format = options.format ?? 'inspect';
  if (!(exportFormats as readonly string[]).includes(format)) {
    throw new InputError(`unknown export format "${format}"`, {
      hint: `use --format ${exportFormats.join(' or ')}`,
    });
  }
  const output = options.output ?? defaultOutputName(input, 'export');
  const result = await exportInspectLog(input, output);
  io.stdout.write(
    `wrote ${result.output}: Inspect log, ${result.samples} samples, status ${result.status}\n`,
  );
  return exitCodes.success;
}

/** `vigil log import <file.eval> [-o out.vigil.jsonl]`. */
export async function logImport(
  input: string,
  options: { readonly output: string | undefined },
  io: CliIo,
): Promise<number> {
  const output = options.output ?? defaultOutputName(input, 'import');
  const result = await importInspectLog(input, output, { vigil: await readBuildInfo() });
  io.stdout.write(
    `wrote ${result.output}: Vigil log, ${result.samples} samples, status ${result.status}\n`,
  );
  return exitCodes.success;
}
