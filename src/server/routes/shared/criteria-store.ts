import { z } from 'zod';
import {
  requiredSignatories,
  type AgencyOrganisation,
  type CriteriaResource,
  type CriteriaVersion,
} from '../../../programme/index.js';
import { auditSealedRead, type SealedReader } from '../../authorization/sealed-read-audit.js';
import { programmeData, type ProgrammeData } from '../../data/programme-data.js';
import type { CriteriaRecord } from '../../data/records.js';
import type { Services } from '../../services.js';
import { found } from './load.js';

/** The agencies on record (who must sign is data). */
export async function agencies(data: ProgrammeData): Promise<AgencyOrganisation[]> {
  return (await data.organisations.list('agency')).filter(
    (organisation): organisation is AgencyOrganisation => organisation.kind === 'agency',
  );
}

/** The policy's view of a criteria version. */
export function criteriaResource(record: CriteriaRecord): CriteriaResource {
  return { kind: 'criteria', criteriaVersionId: record.id, marking: record.marking };
}

/** Whether a version is active, from its clear part: every required agency has signed. */
export interface Activation {
  readonly active: boolean;
  readonly missing: readonly string[];
  readonly activatedAt: string | undefined;
}

/**
 * Activation from the signatures alone. Only versions that compile are ever stored (drafting
 * refuses the rest), so the clear part is enough and no sealed read is needed to show status.
 */
export function activationOf(
  record: CriteriaRecord,
  all: readonly AgencyOrganisation[],
): Activation {
  const required = requiredSignatories(all).map((agency) => agency.id);
  const signatures = record.signatures.filter((signature) => required.includes(signature.agencyId));
  const missing = required.filter(
    (id) => !signatures.some((signature) => signature.agencyId === id),
  );
  const active = required.length > 0 && missing.length === 0;
  const activatedAt = active
    ? signatures
        .map((signature) => signature.signedAt)
        .sort()
        .at(-1)
    : undefined;
  return { active, missing, activatedAt };
}

/** The version in force: the highest-numbered active one. */
export async function activeCriteria(data: ProgrammeData): Promise<CriteriaRecord | undefined> {
  const all = await agencies(data);
  return (await data.criteria.list())
    .filter((record) => activationOf(record, all).active)
    .sort((first, second) => second.version - first.version)[0];
}

/** The full version: the clear part and the sealed rules, the read audited. */
export async function openCriteria(
  services: Services,
  record: CriteriaRecord,
  reader: Omit<SealedReader, 'marking'>,
): Promise<CriteriaVersion> {
  return found(
    await programmeData(services.store.db).criteria.open(
      record.id,
      services.sealed,
      auditSealedRead(services, { ...reader, marking: record.marking }),
    ),
    `criteria version ${record.id}`,
  );
}

export async function loadCriteriaRecord(data: ProgrammeData, id: string): Promise<CriteriaRecord> {
  return found(
    await data.criteria.get(id),
    `criteria version ${id}`,
    'list them: GET /api/criteria',
  );
}

/** What a list shows of a version: never its rules. */
export const criteriaSummarySchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    title: z.string(),
    draftedBy: z.string(),
    draftedAt: z.string(),
    signatures: z.array(
      z.object({ agencyId: z.string(), signerId: z.string(), signedAt: z.string() }).strict(),
    ),
    active: z.boolean(),
    missingSignatures: z.array(z.string()),
    activatedAt: z.string().exactOptional(),
  })
  .strict();

export function criteriaSummary(
  record: CriteriaRecord,
  all: readonly AgencyOrganisation[],
): z.input<typeof criteriaSummarySchema> {
  const activation = activationOf(record, all);
  return {
    id: record.id,
    version: record.version,
    title: record.title,
    draftedBy: record.draftedBy,
    draftedAt: record.draftedAt,
    signatures: [...record.signatures],
    active: activation.active,
    missingSignatures: [...activation.missing],
    ...(activation.activatedAt === undefined ? {} : { activatedAt: activation.activatedAt }),
  };
}
