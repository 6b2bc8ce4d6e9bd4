import { z } from 'zod';

/** Words the rule language reserves; no metric or fact may be called by one of them. */
export const reservedWords = ['and', 'or', 'not', 'true', 'false'] as const;

/**
 * A metric or fact name: lower-case segments joined by dots, each starting with a letter, e.g.
 * `cyber.vuln_discovery.pass_at_1` or `training_compute_flop`.
 */
export const metricNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/,
    'write a name as lower-case segments joined by dots, e.g. cyber.ctf.pass_at_12',
  )
  .max(200)
  .refine((name) => !(reservedWords as readonly string[]).includes(name), {
    error: `a name cannot be one of the reserved words ${reservedWords.join(', ')}`,
  });
