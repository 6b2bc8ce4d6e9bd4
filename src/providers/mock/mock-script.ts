import { z } from 'zod';

const turnSchema = z
  .object({
    content: z.string().optional(),
    tool_calls: z
      .array(
        z
          .object({
            name: z.string().min(1),
            arguments: z.record(z.string(), z.unknown()).default({}),
          })
          .strict(),
      )
      .optional(),
    error: z
      .object({
        message: z.string().min(1),
        status: z.number().int().min(100).max(599).optional(),
        retryable: z.boolean().default(false),
      })
      .strict()
      .optional(),
    delay_ms: z.number().int().nonnegative().max(600_000).optional(),
  })
  .strict()
  .refine(
    (turn) =>
      turn.content !== undefined || turn.tool_calls !== undefined || turn.error !== undefined,
    {
      error: 'a turn needs content, tool_calls or error',
    },
  );

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

const ruleSchema = z
  .object({
    /** A regular expression searched in the conversation's first user message. */
    match: z
      .string()
      .min(1)
      .refine(isValidRegex, { error: 'not a valid regular expression' })
      .optional(),
    /** A plain substring of the conversation's first user message. */
    contains: z.string().min(1).optional(),
    turns: z.array(turnSchema).min(1),
  })
  .strict()
  .refine((rule) => (rule.match === undefined) !== (rule.contains === undefined), {
    error: 'a rule needs exactly one of match or contains',
  });

/**
 * A script for `mock/scripted`. The Nth model call of a conversation (N = assistant turns so
 * far + 1) gets turn N of the first rule that matches the conversation's first user message,
 * or of `default`. A turn replies with text and/or tool calls, or fails with an error.
 */
export const mockScriptSchema = z
  .object({
    rules: z.array(ruleSchema).default([]),
    default: z.array(turnSchema).optional(),
  })
  .strict()
  .refine((script) => script.rules.length > 0 || script.default !== undefined, {
    error: 'a script needs rules or a default',
  });

export type MockScript = z.infer<typeof mockScriptSchema>;
export type MockTurn = z.infer<typeof turnSchema>;
