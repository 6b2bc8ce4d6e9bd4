import { z } from 'zod';

/** One bad field of a request: where it is, what is wrong, and how to fix it. */
export const fieldProblemSchema = z
  .object({
    field: z.string(),
    problem: z.string(),
    fix: z.string(),
  })
  .strict()
  .readonly();

export type FieldProblem = z.infer<typeof fieldProblemSchema>;

/**
 * An RFC 9457 problem document. `type` is a URI naming the kind of problem (a relative one,
 * resolved against the API: `/api/problems/<slug>`, described in the API reference), `detail`
 * says what happened to this request and `hint` how to proceed; `errors` lists each bad field.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string(),
    hint: z.string().exactOptional(),
    errors: z.array(fieldProblemSchema).readonly().exactOptional(),
  })
  .strict()
  .readonly();

export type Problem = z.infer<typeof problemSchema>;

/** The media type of every error response. */
export const problemMediaType = 'application/problem+json';
