import { z } from 'zod';
import { timestampSchema, userSchema } from '../../programme/index.js';

/** A sign-in name: lower case, digits and `._-`, 3 to 64 characters (the schema checks it too). */
export const usernameSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{2,63}$/,
    'use 3 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

/** Where a user's authenticator stands. */
export const totpStatuses = ['none', 'pending', 'enrolled'] as const;
export type TotpStatus = (typeof totpStatuses)[number];

/**
 * A user as the sign-in sees them: the programme's user, the sign-in name and the credentials'
 * state. The TOTP secret is not here (it is sealed); `lastStep` is the last time step a code was
 * accepted for, so a code works once.
 */
export const userAccountSchema = z
  .object({
    user: userSchema,
    username: usernameSchema,
    /** An argon2 hash in PHC form; absent for accounts that never sign in with a password. */
    passwordHash: z.string().min(1).exactOptional(),
    /** A one-time password: the first sign-in must choose a new one. */
    mustChangePassword: z.boolean(),
    totp: z
      .object({
        status: z.enum(totpStatuses),
        lastStep: z.number().int().min(0).exactOptional(),
      })
      .strict(),
    createdAt: timestampSchema,
    disabledAt: timestampSchema.exactOptional(),
  })
  .strict();
export type UserAccount = z.infer<typeof userAccountSchema>;
