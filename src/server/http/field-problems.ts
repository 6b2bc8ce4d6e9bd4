import type { z } from 'zod';
import type { FieldProblem } from './problem.js';

/** `body.a.b[2]` for a zod issue path under `root`. */
function fieldName(root: string, path: readonly PropertyKey[]): string {
  let text = root;
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
  }
  return text;
}

function describeValues(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ');
}

/** How to fix one zod issue, in words a person can act on. */
function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `add the field (a ${issue.expected})`
        : `send a ${issue.expected}`;
    case 'unrecognized_keys':
      return `remove ${issue.keys.map((key) => `"${key}"`).join(', ')}; the API reference lists the accepted fields`;
    case 'invalid_value':
      return `use one of ${describeValues(issue.values)}`;
    case 'too_small':
      return issue.origin === 'string'
        ? `use at least ${String(issue.minimum)} characters`
        : issue.origin === 'array'
          ? `give at least ${String(issue.minimum)} items`
          : `use a value of at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string'
        ? `use at most ${String(issue.maximum)} characters`
        : issue.origin === 'array'
          ? `give at most ${String(issue.maximum)} items`
          : `use a value of at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'datetime'
        ? 'use an ISO 8601 date-time with a zone, e.g. 2026-06-02T09:00:00Z'
        : `use the ${issue.format} format`;
    case 'invalid_union':
      return 'match one of the accepted shapes in the API reference';
    case 'not_multiple_of':
      return `use a multiple of ${String(issue.divisor)}`;
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return issue.message;
  }
}

/** Each zod issue as a field problem: where (under `root`: body, query, path), what, and how to fix. */
export function fieldProblems(root: string, error: z.ZodError): FieldProblem[] {
  return error.issues.slice(0, 50).map((issue) => ({
    field: fieldName(root, issue.path),
    problem: issue.message,
    fix: fixFor(issue),
  }));
}
