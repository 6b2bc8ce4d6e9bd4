import { z } from 'zod';
import { markingSchema } from '../programme/index.js';
import type { AuditEntry } from './audit-record.js';
import { auditOutcomes } from './audit-record.js';
import { canonicalJson } from './canonical-json.js';
import { AuditEntryError } from './errors/audit-entry-error.js';
import { CanonicalJsonError } from './errors/canonical-json-error.js';

/** Text PostgreSQL can store (no NUL) and a person can read in one line. */
function line(max: number) {
  return z
    .string()
    .min(1, 'cannot be empty')
    .max(max, `has more than ${max} characters`)
    .refine((text) => !/[\0\n\r]/.test(text), 'must be one line without NUL characters');
}

const auditEntrySchema = z
  .object({
    actor: line(200),
    action: z
      .string()
      .regex(
        /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$/,
        'write it as noun.verb in lower case, e.g. sealed.read',
      ),
    source: line(500),
    outcome: z.enum(auditOutcomes, { error: () => `use one of ${auditOutcomes.join(', ')}` }),
    objectId: line(200).exactOptional(),
    objectMarking: markingSchema.exactOptional(),
    details: z.record(z.string(), z.unknown()).exactOptional(),
  })
  .strict();

/** An entry ready to record, with its JSON members already in canonical form. */
export interface CheckedAuditEntry {
  readonly entry: AuditEntry;
  readonly objectMarkingJson: string | null;
  readonly detailsJson: string;
}

/**
 * Checks an entry before anything is written: required fields, one-line texts, a valid
 * marking, and details that are plain JSON. The first problem throws AuditEntryError.
 */
export function checkAuditEntry(entry: AuditEntry): CheckedAuditEntry {
  const parsed = auditEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    throw new AuditEntryError(field === '' ? 'entry' : field, issue?.message ?? 'is not valid', {
      hint: 'fix the caller that records this action',
    });
  }
  const checked = parsed.data as AuditEntry;
  try {
    const detailsJson = canonicalJson(checked.details ?? {});
    const objectMarkingJson =
      checked.objectMarking === undefined ? null : canonicalJson(checked.objectMarking);
    return { entry: checked, objectMarkingJson, detailsJson };
  } catch (error) {
    if (!(error instanceof CanonicalJsonError)) throw error;
    throw new AuditEntryError(`details${error.path.slice(1)}`, error.message, {
      hint: error.hint ?? 'record plain JSON values only',
      cause: error,
    });
  }
}
