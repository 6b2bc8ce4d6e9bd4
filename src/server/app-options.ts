import { z } from 'zod';
import { windowCapDaysSchema, windowHardCapDays, timestampSchema } from '../programme/index.js';
import { parseWith } from '../core/validation/parse-with.js';
import { builtinTrackSuites } from './jobs/suite-catalogue.js';

const batterySuiteNames = () => builtinTrackSuites().map((suite) => suite.name);

/** The service's settings; every one has a safe default. */
export const appOptionsSchema = z
  .object({
    /** Mark cookies Secure (default). Only a test over plain HTTP off loopback would turn it off. */
    cookieSecure: z.boolean().default(true),
    /**
     * Origins a browser may send state-changing requests from, e.g. `https://vigil.example`.
     * Empty: the request's own origin (scheme and Host) only.
     */
    allowedOrigins: z.array(z.url()).readonly().default([]),
    /** The largest request body accepted. */
    bodyLimitBytes: z
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024)
      .default(1024 * 1024),
    /** Requests one identity (or address, before sign-in) may burst, and the sustained rate. */
    rateLimit: z
      .object({
        capacity: z.number().int().min(1).default(120),
        refillPerSecond: z.number().positive().default(20),
      })
      .strict()
      .default({ capacity: 120, refillPerSecond: 20 }),
    /** A session ends after this long without a request … */
    sessionIdleMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(30),
    /** … and this long after sign-in, whatever happens. */
    sessionMaxHours: z.number().int().min(1).max(24).default(12),
    /** Every person must enrol a second factor before doing anything else. */
    requireTotp: z.boolean().default(true),
    /** Argon2id cost; tests lower it. */
    passwordHashCost: z
      .object({
        memoryCost: z.number().int().min(1024),
        timeCost: z.number().int().min(1),
      })
      .strict()
      .default({ memoryCost: 19_456, timeCost: 2 }),
    /** The access window cap in days: at most the 30-day hard cap. */
    windowCapDays: windowCapDaysSchema.default(windowHardCapDays),
    /** When the programme started; the 60-day criteria deadline counts from it. */
    programmeStartAt: timestampSchema.default('2026-06-02T00:00:00.000Z'),
    /** Where run logs are written. */
    logDir: z.string().min(1).default('logs'),
    /** Longest validity of an API token. */
    maxTokenDays: z.number().int().min(1).max(365).default(90),
    /**
     * Let submissions name `reference/*` and `mock/*` models (the demo and tests): built-in
     * reference agents, no network. Off by default.
     */
    referenceModels: z.boolean().default(false),
    /** The battery: samples per task (a fast subset). */
    batteryLimit: z.number().int().min(1).max(10_000).default(20),
    /**
     * The built-in suites of the battery. Sandboxed ones (cyber.ctf, cyber.vuln_discovery,
     * cyber.ot) need a host that can make sandboxes; sealed benchmark item sets marked for the
     * battery join them.
     */
    batterySuites: z
      .array(
        z.string().refine((name) => batterySuiteNames().includes(name), {
          error: () => `not a built-in suite of a track; use ${batterySuiteNames().join(', ')}`,
        }),
      )
      .min(1, 'name at least one suite')
      .max(20)
      .refine((names) => new Set(names).size === names.length, 'name each suite once')
      .default(['cyber.knowledge']),
    /** Check every response against its documented schema (tests turn it on). */
    validateResponses: z.boolean().default(false),
  })
  .strict();

export type AppOptionsInput = z.input<typeof appOptionsSchema>;
export type AppOptions = z.output<typeof appOptionsSchema>;

/** Parses the settings; a bad one throws an InputError naming the field and the fix. */
export function parseAppOptions(input: AppOptionsInput = {}): AppOptions {
  return parseWith(
    appOptionsSchema,
    input,
    'service settings',
    `check the field named; the access window may never exceed ${windowHardCapDays} days`,
  );
}
