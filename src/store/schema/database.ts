import type { AuditHeadTable, AuditKeysTable, AuditRecordsTable } from './audit-tables.js';
import type {
  AccessAgreementsTable,
  AgreementAcceptancesTable,
  ApiTokensTable,
  ClearancesTable,
  OrganisationsTable,
  SessionsTable,
  SignInFailuresTable,
  UsersTable,
} from './people-tables.js';
import type {
  AccessGrantsTable,
  ApprovalsTable,
  CompartmentsTable,
  CriteriaSignaturesTable,
  CriteriaVersionsTable,
  DeterminationsTable,
  JobsTable,
  ModelsTable,
  NeedToKnowGrantsTable,
  PartnerApprovalsTable,
  RunsTable,
  SealedBenchmarksTable,
  SubmissionEventsTable,
  SubmissionsTable,
  TrackAssignmentsTable,
  TrustedPartnersTable,
  UserCompartmentsTable,
  WindowSettingsTable,
} from './programme-tables.js';
import type { SealedKeysTable, SealedValuesTable } from './sealed-tables.js';

/** Every table of the store, as Kysely sees it. Column names are the SQL ones (snake_case). */
export interface Database {
  sealed_keys: SealedKeysTable;
  sealed_values: SealedValuesTable;
  audit_keys: AuditKeysTable;
  audit_head: AuditHeadTable;
  audit_records: AuditRecordsTable;
  organisations: OrganisationsTable;
  users: UsersTable;
  clearances: ClearancesTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  api_tokens: ApiTokensTable;
  access_agreements: AccessAgreementsTable;
  agreement_acceptances: AgreementAcceptancesTable;
  models: ModelsTable;
  submissions: SubmissionsTable;
  submission_events: SubmissionEventsTable;
  compartments: CompartmentsTable;
  user_compartments: UserCompartmentsTable;
  need_to_know_grants: NeedToKnowGrantsTable;
  window_settings: WindowSettingsTable;
  access_grants: AccessGrantsTable;
  criteria_versions: CriteriaVersionsTable;
  criteria_signatures: CriteriaSignaturesTable;
  sealed_benchmarks: SealedBenchmarksTable;
  determinations: DeterminationsTable;
  track_assignments: TrackAssignmentsTable;
  trusted_partners: TrustedPartnersTable;
  partner_approvals: PartnerApprovalsTable;
  runs: RunsTable;
  approvals: ApprovalsTable;
  jobs: JobsTable;
}
