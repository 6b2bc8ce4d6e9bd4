import type { Context } from 'hono';
import type { z } from 'zod';
import { fieldProblems } from './field-problems.js';
import { HttpProblem } from './http-problem.js';

/** Validates `value` (from `root`: body, query or path) or throws a 400 listing each bad field. */
export function validate<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  root: string,
): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldProblems(root, result.error);
  const count = result.error.issues.length;
  throw new HttpProblem(
    'invalid-request',
    `the ${root} has ${count === 1 ? 'a field' : `${count} fields`} that cannot be accepted`,
    { errors, hint: 'fix each listed field and send the request again' },
  );
}

/**
 * The JSON body, validated. The media type must be JSON (415 otherwise), the text must parse
 * (400 `malformed-json` naming the parser's complaint) and match `schema` (400 with each field).
 */
export async function readJsonBody<Schema extends z.ZodType>(
  context: Context,
  schema: Schema,
): Promise<z.output<Schema>> {
  const mediaType = (context.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new HttpProblem(
      'unsupported-media-type',
      mediaType === undefined || mediaType === ''
        ? 'the request has no Content-Type'
        : `the request body is ${mediaType}, not JSON`,
      { hint: 'send the body as JSON with Content-Type: application/json' },
    );
  }
  const text = await context.req.text();
  let value: unknown;
  try {
    value = JSON.parse(text === '' ? 'null' : text);
  } catch (error) {
    throw new HttpProblem(
      'malformed-json',
      `the body could not be parsed: ${error instanceof Error ? error.message : 'invalid JSON'}`,
      { hint: 'send one JSON object, e.g. {"reason": "…"}' },
    );
  }
  return validate(schema, value, 'body');
}

/** The query string as a plain object (the last value of a repeated key), validated. */
export function readQuery<Schema extends z.ZodType>(
  context: Context,
  schema: Schema,
): z.output<Schema> {
  return validate(schema, context.req.query(), 'query');
}

/** The path parameters, validated. */
export function readParams<Schema extends z.ZodType>(
  context: Context,
  schema: Schema,
): z.output<Schema> {
  return validate(schema, context.req.param(), 'path');
}
