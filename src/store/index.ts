// The store: PostgreSQL embedded (PGlite) or on a server, typed queries, migrations,
// repositories, and the errors a caller may need to tell apart.

export {
  createStore,
  isTransaction,
  type Executor,
  type Store,
  type StoreBackend,
} from './store.js';
export { openStore, type StoreOptions } from './open-store.js';
export { openPgliteStore, storeOverPglite, type PgliteStoreOptions } from './open-pglite-store.js';
export {
  openPostgresStore,
  redactDatabaseUrl,
  type PostgresStoreOptions,
} from './open-postgres-store.js';
export {
  migrateToLatest,
  schemaVersion,
  type MigrationReport,
  type SchemaVersion,
} from './migrate.js';
export { latestSchemaVersion } from './migrations/index.js';
export { PGliteDialect } from './pglite/pglite-dialect.js';
export type { PGliteLike } from './pglite/pglite-like.js';
export type { Database } from './schema/database.js';
export { repositories, type Repositories } from './repositories/repositories.js';
export type { AccessGrant, AccessGrantRepository } from './repositories/access-grant-repository.js';
export type { AgreementRepository } from './repositories/agreement-repository.js';
export type { ApiToken, ApiTokenRepository } from './repositories/api-token-repository.js';
export type { ApprovalRepository } from './repositories/approval-repository.js';
export type { AssignmentRepository } from './repositories/assignment-repository.js';
export type {
  Compartment,
  CompartmentKind,
  CompartmentRepository,
} from './repositories/compartment-repository.js';
export type {
  CriteriaRepository,
  CriteriaVersionSummary,
} from './repositories/criteria-repository.js';
export type {
  DeterminationRepository,
  DeterminationSummary,
} from './repositories/determination-repository.js';
export type { ModelRepository } from './repositories/model-repository.js';
export type { NeedToKnowGrantRepository } from './repositories/need-to-know-grant-repository.js';
export type { OrganisationRepository } from './repositories/organisation-repository.js';
export type { PartnerRepository, PartnerSide } from './repositories/partner-repository.js';
export type { RunProvenance, RunRecord, RunRepository } from './repositories/run-repository.js';
export type {
  Session,
  SessionRepository,
  SessionStage,
} from './repositories/session-repository.js';
export type {
  MarkedSubmission,
  SubmissionRepository,
  SubmissionSummary,
} from './repositories/submission-repository.js';
export type {
  NewUserOptions,
  UserCredentials,
  UserRepository,
} from './repositories/user-repository.js';
export {
  totpStatuses,
  userAccountSchema,
  usernameSchema,
  type TotpStatus,
  type UserAccount,
} from './repositories/user-account.js';
export type { WindowSettingsRepository } from './repositories/window-settings-repository.js';
export { AppendOnlyError } from './errors/append-only-error.js';
export { MigrationError } from './errors/migration-error.js';
export { NestedStoreUseError } from './errors/nested-store-use-error.js';
export { StoreClosedError } from './errors/store-closed-error.js';
export { StoreLockedError } from './errors/store-locked-error.js';
export { StoreQueryError } from './errors/store-query-error.js';
export { StoreUnavailableError } from './errors/store-unavailable-error.js';
export { UniqueViolationError } from './errors/unique-violation-error.js';
