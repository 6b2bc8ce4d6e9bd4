import { z } from 'zod';
import { jsonValueSchema } from '../core/validation/json-value-schema.js';

/** Where a job stands. A failed job that may be retried goes back to `queued`. */
export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** Plain JSON, what payloads and results hold. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A job kind: lower case, dots and dashes, e.g. `designation-battery`. */
export const jobKindSchema = z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/);

/** A job as the queue keeps it. Payload and result are plain JSON; secrets never go in them. */
export const jobRecordSchema = z
  .object({
    id: z.string(),
    kind: jobKindSchema,
    payload: jsonValueSchema,
    status: z.enum(jobStatuses),
    attempts: z.number().int().min(0),
    maxAttempts: z.number().int().min(1),
    enqueuedAt: z.string(),
    runAfter: z.string(),
    claimedBy: z.string().exactOptional(),
    leaseUntil: z.string().exactOptional(),
    finishedAt: z.string().exactOptional(),
    result: jsonValueSchema.exactOptional(),
    error: z.string().exactOptional(),
  })
  .strict()
  .readonly();

/** A job as the queue keeps it. */
export type JobRecord = Omit<z.infer<typeof jobRecordSchema>, 'payload' | 'result'> & {
  readonly payload: JsonValue;
  readonly result?: JsonValue;
};

/** What a caller asks for. */
export interface EnqueueRequest {
  readonly kind: string;
  readonly payload: JsonValue;
  /** Attempts before the job is failed for good (default 3). */
  readonly maxAttempts?: number;
}

/** How a failure is reported to the queue. */
export interface JobFailure {
  readonly message: string;
  /** False for a failure every attempt would hit: the job fails at once. */
  readonly retryable: boolean;
}
