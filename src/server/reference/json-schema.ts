import { z } from 'zod';

/** A JSON Schema object (2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema of a zod schema, as the request must be written (`input`) or as the response
 * is sent (`output`). Parts JSON Schema cannot say (a refinement's logic) are left open.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const document = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  // Embedded in an OpenAPI 3.1 document, whose dialect is 2020-12 already.
  delete document.$schema;
  return document;
}
