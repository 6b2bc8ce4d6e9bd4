import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { accountViewSchema } from '../user-view.js';

/** Where a TOTP secret is sealed. */
export function totpRef(userId: string) {
  return { kind: 'user-totp-secret', objectId: userId } as const;
}

/** A session (or token) as the API shows it. */
export const sessionViewSchema = z
  .object({
    account: accountViewSchema,
    stage: z.enum(['setup', 'full']),
    via: z.enum(['session', 'token']),
    csrfToken: z.string().exactOptional(),
    expiresAt: z.string().exactOptional(),
    next: z.string().exactOptional(),
  })
  .strict();

/** Records an act on the caller's own account (sign-in, password, authenticator, tokens). */
export async function auditAccount(
  context: AppContext,
  entry: {
    actor: string;
    action: string;
    outcome: 'ok' | 'failed';
    details?: Record<string, string | number | boolean | null>;
  },
): Promise<void> {
  const services = context.get('services');
  const request = context.get('request');
  await services.audit.append({
    actor: entry.actor,
    action: entry.action,
    source: request.source,
    outcome: entry.outcome,
    details: { ...entry.details, requestId: request.requestId },
  });
}
