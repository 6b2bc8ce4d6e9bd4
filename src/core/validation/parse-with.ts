import type { z } from 'zod';
import { InputError } from '../errors/input-error.js';

/** `a.b[2].c` for a zod issue path. */
function pathText(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

/** Zod's issues as one line: `field x: problem; field y: problem`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) =>
      issue.path.length === 0 ? issue.message : `field ${pathText(issue.path)}: ${issue.message}`,
    )
    .join('; ')
    .concat(error.issues.length > 3 ? `; and ${error.issues.length - 3} more` : '');
}

/** Parses `value` or throws an InputError naming `source` (a file, a line, a flag). */
export function parseWith<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  source: string,
  hint?: string,
): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  return failWith(describeIssues(result.error), source, hint);
}

function failWith(message: string, source: string, hint: string | undefined): never {
  throw new InputError(message, { source, ...(hint === undefined ? {} : { hint }) });
}
