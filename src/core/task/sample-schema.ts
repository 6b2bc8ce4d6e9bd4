import { z } from 'zod';
import { jsonValueSchema } from '../validation/json-value-schema.js';
import { chatMessageSchema } from '../log/log-schema.js';

/** One dataset record as written in a JSONL file (or a CSV row after conversion). */
export const sampleRecordInputSchema = z
  .object({
    id: z.union([z.string().min(1), z.number().int()]).exactOptional(),
    input: z.union([z.string(), z.array(chatMessageSchema).min(1)]),
    target: z.union([z.string(), z.array(z.string())]).default(''),
    choices: z.array(z.string()).min(2).exactOptional(),
    metadata: z.record(z.string(), jsonValueSchema).exactOptional(),
    files: z.record(z.string(), z.string()).exactOptional(),
  })
  .strict();

export type SampleRecordInput = z.infer<typeof sampleRecordInputSchema>;
