import { InputError } from '../core/errors/input-error.js';

/** Parses `-M key=value` flags into a record; a flag without `=` is an error. */
export function parseModelArgs(flags: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) {
      throw new InputError(`model argument "${flag}" is not key=value`, {
        hint: 'write it as -M key=value',
      });
    }
    args[flag.slice(0, at)] = flag.slice(at + 1);
  }
  return args;
}

const secretKey = /key|token|secret|password|credential|auth/i;

/** The model arguments as they may appear in a log: anything secret-looking masked. */
export function redactModelArgs(args: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(args).map(([key, value]) => [key, secretKey.test(key) ? '[redacted]' : value]),
  );
}
