import type { TestResponse } from './test-client.js';

/** The value at a dotted path in the response's JSON (`submission.id`, `errors.0.field`). */
export function at(response: TestResponse, path: string): unknown {
  let value: unknown = response.json;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The string at a path; fails the test when it is not one. */
export function text(response: TestResponse, path: string): string {
  const value = at(response, path);
  if (typeof value !== 'string') {
    throw new Error(
      `expected a string at ${path}, got ${JSON.stringify(value)} in ${response.text}`,
    );
  }
  return value;
}
