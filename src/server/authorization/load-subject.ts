import type { AccessAgreement, Subject } from '../../programme/index.js';
import type { ProgrammeData } from '../data/programme-data.js';
import type { Account } from '../data/records.js';

/** The id of the programme's access agreement; its versions are stored, the latest in force. */
export const accessAgreementId = 'vigil-access-agreement';

/** The agreement version in force: the highest published. */
export function currentAgreement(data: ProgrammeData): Promise<AccessAgreement | undefined> {
  return data.agreements.current(accessAgreementId);
}

/** Everything the policy needs to know about the caller, read once per request. */
export async function loadSubject(data: ProgrammeData, account: Account): Promise<Subject> {
  const userId = account.user.id;
  const [agreement, acceptances, grants, approvals] = await Promise.all([
    currentAgreement(data),
    data.acceptances.list(userId),
    data.grants.list(userId),
    data.approvals.list(userId),
  ]);
  return {
    user: account.user,
    agreement: {
      // Before any agreement is published nobody has accepted "version 0", so nobody passes.
      current: agreement ?? { id: accessAgreementId, version: 0 },
      acceptances,
    },
    grants,
    approvals,
  };
}
