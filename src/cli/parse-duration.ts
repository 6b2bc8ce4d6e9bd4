import { InputError } from '../core/errors/input-error.js';

const units: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `30m`, `12h`, `7d` in milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text.trim());
  const unit = match?.[2] === undefined ? undefined : units[match[2]];
  if (match === null || unit === undefined || Number(match[1]) <= 0) {
    throw new InputError(`--${flag} must be a duration like 90s, 30m, 12h or 7d, got "${text}"`);
  }
  return Number(match[1]) * unit;
}
