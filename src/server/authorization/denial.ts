import type { Action, PolicyDecision, Role } from '../../programme/index.js';
import { HttpProblem } from '../http/http-problem.js';

/**
 * What a refused person is told: which condition failed and who can change it, never the
 * reason's particulars (they may name another organisation's compartments; the audit trail
 * keeps them).
 */
const conditions: Readonly<Record<string, { said: string; hint: string }>> = {
  own_organisation: {
    said: 'it belongs to another organisation',
    hint: 'only the owning developer organisation may do this',
  },
  assigned_agency: {
    said: 'your agency is not assigned to it',
    hint: 'the coordinator assigns agencies to a submission’s tracks',
  },
  assigned_track: {
    said: 'your agency is not assigned to this track',
    hint: 'the coordinator assigns agencies to a submission’s tracks',
  },
  active_partner: {
    said: 'your organisation is not an active trusted partner on it',
    hint: 'a partner acts only after both the government and the developer approved it and the government’s period ended',
  },
  released_to_developer: {
    said: 'it is not released to developers',
    hint: 'developers receive the sanitised determination and the reports',
  },
  clearance: {
    said: 'your clearance is below its marking',
    hint: 'ask a security officer to review your clearance',
  },
  compartments: {
    said: 'you are not read into its compartments',
    hint: 'ask a security officer to read you into the compartment',
  },
  agreement: {
    said: 'you have not accepted the current access agreement',
    hint: 'read and accept it: GET /api/agreements/current, then POST /api/agreements/current/accept',
  },
  need_to_know: {
    said: 'you hold no live need-to-know grant for it',
    hint: 'ask a security officer for a need-to-know grant',
  },
  marking_current: { said: 'its marking has expired', hint: 'ask its owner to review the marking' },
  window_open: {
    said: 'the access window is not open',
    hint: 'models are queried only while the window is open',
  },
  second_person: {
    said: 'it needs a second person’s approval',
    hint: 'request it (POST /api/approvals) and have a security officer approve it, then try again',
  },
  'resource-kind': { said: 'the action does not apply here', hint: 'see the API reference' },
  'token-scope': {
    said: 'the API token does not carry this scope',
    hint: 'create a token with the scope (POST /api/auth/tokens)',
  },
};

/** The problem for a refused decision. */
export function denialProblem(action: Action, role: Role, decision: PolicyDecision): HttpProblem {
  if (action === 'export.bulk') {
    return new HttpProblem('bulk-export-refused', 'bulk export is always refused', {
      hint: 'export one submission’s transcripts with a second person’s approval (transcripts.export)',
    });
  }
  const key = decision.rule.split('/').at(-1) ?? '';
  const condition = conditions[key];
  if (key === 'second_person') {
    return new HttpProblem(
      'approval-required',
      `${action} needs a second person’s approval first`,
      {
        hint: conditions.second_person?.hint ?? '',
      },
    );
  }
  if (condition === undefined) {
    return new HttpProblem('forbidden', `a ${role} may not ${action}`, {
      hint: 'ask someone whose role allows it; roles and their rights are in the API reference',
    });
  }
  return new HttpProblem('forbidden', `you may not ${action} here: ${condition.said}`, {
    hint: condition.hint,
  });
}
