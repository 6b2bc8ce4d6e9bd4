import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';
import { accountData } from './account-data.js';
import { acceptanceData, agreementData } from './agreement-data.js';
import { approvalData } from './approval-data.js';
import { benchmarkData } from './benchmark-data.js';
import { assignmentData, partnerData } from './collaboration-data.js';
import { criteriaData } from './criteria-data.js';
import { determinationData } from './determination-data.js';
import { grantData } from './grant-data.js';
import { apiTokenData } from './api-token-data.js';
import { organisationData } from './organisation-data.js';
import { runData } from './run-data.js';
import { submissionData } from './submission-data.js';

/**
 * Everything the service stores besides sealed values and the audit trail, over one executor
 * (the store's `db`, or a transaction so several writes land together).
 */
export function programmeData(db: Executor) {
  return {
    organisations: organisationData(db),
    accounts: accountData(db),
    compartments: repositories(db).compartments,
    sessions: repositories(db).sessions,
    apiTokens: apiTokenData(db),
    agreements: agreementData(db),
    acceptances: acceptanceData(db),
    grants: grantData(db),
    approvals: approvalData(db),
    models: repositories(db).models,
    submissions: submissionData(db),
    assignments: assignmentData(db),
    partners: partnerData(db),
    criteria: criteriaData(db),
    benchmarks: benchmarkData(db),
    determinations: determinationData(db),
    runs: runData(db),
  };
}

export type ProgrammeData = ReturnType<typeof programmeData>;
