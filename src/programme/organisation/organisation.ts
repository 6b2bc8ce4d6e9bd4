import { z } from 'zod';
import { idSchema, textSchema } from '../ids.js';

/** What an organisation is to the programme. */
export const organisationKinds = ['developer', 'agency', 'partner'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

/** The critical-infrastructure sectors a trusted partner is tagged with (CISA's sixteen). */
export const partnerSectors = [
  'chemical',
  'commercial_facilities',
  'communications',
  'critical_manufacturing',
  'dams',
  'defense_industrial_base',
  'emergency_services',
  'energy',
  'financial_services',
  'food_and_agriculture',
  'government_facilities',
  'healthcare_and_public_health',
  'information_technology',
  'nuclear',
  'transportation_systems',
  'water_and_wastewater',
] as const;
export type PartnerSector = (typeof partnerSectors)[number];

/**
 * An agency's part in the designation criteria: its lead must sign every criteria version
 * (`required_signatory`), it is consulted but its signature is not needed (`consulted`), or
 * neither (`none`).
 */
export const criteriaRoles = ['required_signatory', 'consulted', 'none'] as const;
export type CriteriaRole = (typeof criteriaRoles)[number];

const common = { id: idSchema, name: textSchema };

/** An AI developer taking part in (or designated by) the programme. */
export const developerOrganisationSchema = z
  .object({ ...common, kind: z.literal('developer') })
  .strict()
  .readonly();

/** A government agency. Which agencies must sign criteria is data, not code. */
export const agencyOrganisationSchema = z
  .object({
    ...common,
    kind: z.literal('agency'),
    shortName: z.string().trim().min(1).max(40),
    criteriaRole: z.enum(criteriaRoles),
  })
  .strict()
  .readonly();

/** A trusted partner, typically a critical-infrastructure operator, tagged by sector. */
export const partnerOrganisationSchema = z
  .object({ ...common, kind: z.literal('partner'), sector: z.enum(partnerSectors) })
  .strict()
  .readonly();

/** Any organisation. */
export const organisationSchema = z.discriminatedUnion('kind', [
  developerOrganisationSchema,
  agencyOrganisationSchema,
  partnerOrganisationSchema,
]);

export type DeveloperOrganisation = z.infer<typeof developerOrganisationSchema>;
export type AgencyOrganisation = z.infer<typeof agencyOrganisationSchema>;
export type PartnerOrganisation = z.infer<typeof partnerOrganisationSchema>;
export type Organisation = z.infer<typeof organisationSchema>;
