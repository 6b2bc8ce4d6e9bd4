import { z } from 'zod';
import { jsonValueSchema } from '../validation/json-value-schema.js';
import { scorerSpecSchema } from '../scorers/scorer-spec.js';
import { generateConfigSpecSchema, solverSpecSchema } from '../solvers/solver-spec.js';

/** A declarative task file (YAML or JSON). Paths are relative to the file. */
export const taskFileSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'use letters, digits, ".", "_" and "-"')
      .exactOptional(),
    description: z.string().exactOptional(),
    dataset: z.string().min(1),
    solver: solverSpecSchema.default(['generate']),
    scorer: z.preprocess(
      (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [value]),
      z.array(scorerSpecSchema).min(1),
    ),
    epochs: z.number().int().min(1).max(10_000).default(1),
    reducer: z.string().default('mean'),
    limits: z
      .object({
        time_seconds: z.number().positive().exactOptional(),
        messages: z.number().int().positive().exactOptional(),
        tokens: z.number().int().positive().exactOptional(),
      })
      .strict()
      .default({}),
    config: generateConfigSpecSchema.default({}),
    metadata: z.record(z.string(), jsonValueSchema).default({}),
  })
  .strict();

export type TaskFile = z.infer<typeof taskFileSchema>;
