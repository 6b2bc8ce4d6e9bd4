import { z } from 'zod';
import { userSchema } from '../../programme/index.js';
import type { Account } from '../data/records.js';

/** An account as the API shows it: never a hash or a secret. */
export const accountViewSchema = z
  .object({
    user: userSchema,
    username: z.string(),
    mustChangePassword: z.boolean(),
    totp: z.enum(['none', 'pending', 'enrolled']),
    createdAt: z.string(),
    disabledAt: z.string().exactOptional(),
  })
  .strict();

export function accountView(account: Account): z.input<typeof accountViewSchema> {
  return {
    user: account.user,
    username: account.username,
    mustChangePassword: account.mustChangePassword,
    totp: account.totp.status,
    createdAt: account.createdAt,
    ...(account.disabledAt === undefined ? {} : { disabledAt: account.disabledAt }),
  };
}
