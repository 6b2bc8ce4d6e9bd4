import type { Executor } from '../store.js';
import type { AccessGrantRepository } from './access-grant-repository.js';
import { accessGrantRepository } from './access-grant-repository.js';
import type { AgreementRepository } from './agreement-repository.js';
import { agreementRepository } from './agreement-repository.js';
import type { ApiTokenRepository } from './api-token-repository.js';
import { apiTokenRepository } from './api-token-repository.js';
import type { ApprovalRepository } from './approval-repository.js';
import { approvalRepository } from './approval-repository.js';
import type { AssignmentRepository } from './assignment-repository.js';
import { assignmentRepository } from './assignment-repository.js';
import type { BenchmarkRepository } from './benchmark-repository.js';
import { benchmarkRepository } from './benchmark-repository.js';
import type { CompartmentRepository } from './compartment-repository.js';
import { compartmentRepository } from './compartment-repository.js';
import type { CriteriaRepository } from './criteria-repository.js';
import { criteriaRepository } from './criteria-repository.js';
import type { DeterminationRepository } from './determination-repository.js';
import { determinationRepository } from './determination-repository.js';
import type { ModelRepository } from './model-repository.js';
import { modelRepository } from './model-repository.js';
import type { NeedToKnowGrantRepository } from './need-to-know-grant-repository.js';
import { needToKnowGrantRepository } from './need-to-know-grant-repository.js';
import type { OrganisationRepository } from './organisation-repository.js';
import { organisationRepository } from './organisation-repository.js';
import type { PartnerRepository } from './partner-repository.js';
import { partnerRepository } from './partner-repository.js';
import type { RunRepository } from './run-repository.js';
import { runRepository } from './run-repository.js';
import type { SessionRepository } from './session-repository.js';
import { sessionRepository } from './session-repository.js';
import type { SignInFailureRepository } from './sign-in-failure-repository.js';
import { signInFailureRepository } from './sign-in-failure-repository.js';
import type { SubmissionRepository } from './submission-repository.js';
import { submissionRepository } from './submission-repository.js';
import type { UserRepository } from './user-repository.js';
import { userRepository } from './user-repository.js';
import type { WindowSettingsRepository } from './window-settings-repository.js';
import { windowSettingsRepository } from './window-settings-repository.js';

/** Every programme repository over one executor. */
export interface Repositories {
  readonly organisations: OrganisationRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly signInFailures: SignInFailureRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly agreements: AgreementRepository;
  readonly compartments: CompartmentRepository;
  readonly needToKnowGrants: NeedToKnowGrantRepository;
  readonly windowSettings: WindowSettingsRepository;
  readonly accessGrants: AccessGrantRepository;
  readonly models: ModelRepository;
  readonly submissions: SubmissionRepository;
  readonly criteria: CriteriaRepository;
  readonly benchmarks: BenchmarkRepository;
  readonly determinations: DeterminationRepository;
  readonly assignments: AssignmentRepository;
  readonly partners: PartnerRepository;
  readonly runs: RunRepository;
  readonly approvals: ApprovalRepository;
}

/**
 * The repositories over `db`: the store's `db`, or a transaction, so that several repositories
 * write atomically: `store.transaction((tx) => work(repositories(tx)))`.
 */
export function repositories(db: Executor): Repositories {
  return {
    organisations: organisationRepository(db),
    users: userRepository(db),
    sessions: sessionRepository(db),
    signInFailures: signInFailureRepository(db),
    apiTokens: apiTokenRepository(db),
    agreements: agreementRepository(db),
    compartments: compartmentRepository(db),
    needToKnowGrants: needToKnowGrantRepository(db),
    windowSettings: windowSettingsRepository(db),
    accessGrants: accessGrantRepository(db),
    models: modelRepository(db),
    submissions: submissionRepository(db),
    criteria: criteriaRepository(db),
    benchmarks: benchmarkRepository(db),
    determinations: determinationRepository(db),
    assignments: assignmentRepository(db),
    partners: partnerRepository(db),
    runs: runRepository(db),
    approvals: approvalRepository(db),
  };
}
