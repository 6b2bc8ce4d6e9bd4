import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError } from '../core/errors/input-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's flags strictly; an unknown or malformed flag is an InputError. */
export function parseFlags<O extends Options>(
  command: string,
  args: readonly string[],
  options: O,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const message =
      error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error);
    throw new InputError(message, { hint: `see vigil ${command} --help` });
  }
}

/** A flag's value as an integer within bounds, or undefined when the flag was not given. */
export function integerFlag(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (
    !/^-?\d+$/.test(value.trim()) ||
    !Number.isSafeInteger(number) ||
    number < min ||
    number > max
  ) {
    throw new InputError(
      `--${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got "${value}"`,
    );
  }
  return number;
}

/** A flag's value as a number within bounds, or undefined when the flag was not given. */
export function numberFlag(
  name: string,
  value: string | undefined,
  min: number,
  max = Number.MAX_VALUE,
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
    throw new InputError(
      `--${name} must be a number from ${min}${max === Number.MAX_VALUE ? ' up' : ` to ${max}`}, got "${value}"`,
    );
  }
  return number;
}
