import { z } from 'zod';

/** Every role a user account can hold. One role per account keeps duties separate. */
export const roles = [
  'developer_admin',
  'developer_member',
  'agency_lead',
  'agency_evaluator',
  'adjudicator',
  'coordinator',
  'security_officer',
  'partner_user',
  'auditor',
  'worker',
] as const;
export type Role = (typeof roles)[number];

export const roleSchema = z.enum(roles, {
  error: () => `unknown role; use one of ${roles.join(', ')}`,
});

/** Roles held by a developer's staff: they see their own organisation's submissions only. */
export const developerRoles: readonly Role[] = ['developer_admin', 'developer_member'];

/** Roles held at an agency: they see submissions assigned to their agency. */
export const agencyRoles: readonly Role[] = ['agency_lead', 'agency_evaluator'];

/** The organisation kind an account of each role belongs to. */
export const organisationKindOfRole: Readonly<Record<Role, 'developer' | 'agency' | 'partner'>> = {
  developer_admin: 'developer',
  developer_member: 'developer',
  agency_lead: 'agency',
  agency_evaluator: 'agency',
  adjudicator: 'agency',
  coordinator: 'agency',
  security_officer: 'agency',
  partner_user: 'partner',
  auditor: 'agency',
  worker: 'agency',
};
