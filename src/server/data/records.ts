// The service's records: the store's types where they fit, and the shapes the API shows.

import { z } from 'zod';
import type { CriteriaVersionSummary } from '../../store/repositories/criteria-repository.js';
import type { DeterminationSummary } from '../../store/repositories/determination-repository.js';
import type { Session } from '../../store/repositories/session-repository.js';
import { usernameSchema, type UserAccount } from '../../store/repositories/user-account.js';
import {
  actions,
  evaluationRunSchema,
  idSchema,
  roleSchema,
  timestampSchema,
  type Marking,
  type Submission,
} from '../../programme/index.js';

/** A user account: the programme's user, its sign-in name and its credentials' state. */
export type Account = UserAccount;

export { usernameSchema };

/** A browser session, stored by the digest of its secret (the cookie holds the secret). */
export type { Session };

/** An API token's scopes: the actions it may be used for (on top of its owner's policy). */
export const tokenScopeSchema = z.enum(actions, {
  error: () => `unknown scope; use an action name such as submission.read (see the API reference)`,
});

/** An API token, stored by the digest of its secret; the token itself is shown once. */
export const apiTokenSchema = z
  .object({
    id: z.string().regex(/^tok-[A-Za-z0-9]{12}$/),
    userId: idSchema,
    name: z.string().trim().min(1).max(100),
    digest: z.string().regex(/^[0-9a-f]{64}$/),
    scopes: z.array(tokenScopeSchema).readonly(),
    createdAt: timestampSchema,
    expiresAt: timestampSchema,
    revokedAt: timestampSchema.exactOptional(),
    lastUsedAt: timestampSchema.exactOptional(),
  })
  .strict();
export type ApiToken = z.infer<typeof apiTokenSchema>;

/** What the developer's access grant says about the endpoint; the secret part is sealed. */
export interface CredentialDescriptor {
  /** `provider/model`, e.g. `openai/frontier-preview`. */
  readonly model: string;
  readonly baseUrl?: string;
  readonly storedAt: string;
  readonly storedBy: string;
}

/**
 * A submission: its projection (the fold of its events), its marking, and the public part of
 * its live access grant or, once the grant ended, when its credential was purged.
 */
export interface SubmissionRecord {
  readonly submission: Submission;
  readonly marking: Marking;
  readonly credential?: CredentialDescriptor;
  readonly credentialPurgedAt?: string;
}

/** A criteria version's clear part; the rules and declarations are sealed. */
export type CriteriaRecord = CriteriaVersionSummary;

/** A determination's clear part: who, when, the marking and the developer's release. */
export type DeterminationRecord = DeterminationSummary;

/** A run and what launched it. */
export const runRecordSchema = z
  .object({
    run: evaluationRunSchema,
    jobId: z.string().exactOptional(),
    /** Who asked for it; absent for a run the service did not launch. */
    requestedBy: idSchema.exactOptional(),
    requestedByRole: roleSchema.exactOptional(),
    error: z.string().max(2000).exactOptional(),
  })
  .strict();
export type RunRecord = z.infer<typeof runRecordSchema>;
