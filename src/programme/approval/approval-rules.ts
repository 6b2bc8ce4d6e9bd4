import type { Role } from '../identity/role.js';
import type { SensitiveAction } from './approval-request.js';

/** Who may ask for each sensitive action, and who may approve it (always someone else). */
export const approvalRules: Readonly<
  Record<
    SensitiveAction,
    { readonly requesters: readonly Role[]; readonly approvers: readonly Role[] }
  >
> = {
  'credential.unmask': {
    requesters: ['agency_lead', 'coordinator'],
    approvers: ['security_officer'],
  },
  'transcripts.export': {
    requesters: ['agency_lead', 'agency_evaluator'],
    approvers: ['security_officer'],
  },
  'marking.lower': {
    requesters: ['agency_lead', 'coordinator', 'adjudicator'],
    approvers: ['security_officer'],
  },
};

/** How long an approval stays usable unless the request says otherwise. */
export const defaultApprovalValidityMs = 24 * 60 * 60 * 1000;
