// The programme domain, pure: organisations, people and markings; submissions and their
// events; access windows; designation criteria and determinations; the authorisation policy.

export { ok, fail, type Result } from './result.js';
export {
  timestampSchema,
  toEpochMs,
  fromEpochMs,
  addDays,
  dayMs,
  type Timestamp,
} from './time/timestamp.js';
export { idSchema, textSchema } from './ids.js';

// Organisations and people.
export {
  organisationKinds,
  partnerSectors,
  criteriaRoles,
  organisationSchema,
  developerOrganisationSchema,
  agencyOrganisationSchema,
  partnerOrganisationSchema,
  type OrganisationKind,
  type PartnerSector,
  type CriteriaRole,
  type Organisation,
  type DeveloperOrganisation,
  type AgencyOrganisation,
  type PartnerOrganisation,
} from './organisation/organisation.js';
export { seedAgencies, requiredSignatories } from './organisation/seed-agencies.js';
export {
  roles,
  roleSchema,
  developerRoles,
  agencyRoles,
  organisationKindOfRole,
  type Role,
} from './identity/role.js';
export {
  clearanceLevels,
  clearanceLevelSchema,
  levelAtLeast,
  levelRank,
  higherLevel,
  type ClearanceLevel,
} from './identity/clearance-level.js';
export { userSchema, type User } from './identity/user.js';

// Markings.
export {
  markingSchema,
  compartmentSchema,
  disseminationControls,
  releaseControls,
  type Marking,
  type DisseminationControl,
} from './marking/marking.js';
export { dominates, isDowngrade } from './marking/dominates.js';
export { deriveMarking } from './marking/derive-marking.js';

// Access agreements and need-to-know grants.
export {
  accessAgreementSchema,
  agreementAcceptanceSchema,
  acceptAgreement,
  hasAcceptedAgreement,
  type AccessAgreement,
  type AgreementAcceptance,
} from './access/access-agreement.js';
export {
  needToKnowGrantSchema,
  grantScopeSchema,
  isGrantLive,
  grantCovers,
  type NeedToKnowGrant,
  type GrantScope,
} from './access/need-to-know-grant.js';
export {
  grantRequestSchema,
  issueNeedToKnowGrant,
  maxGrantDays,
  type GrantRequest,
} from './access/issue-grant.js';

// Submissions.
export {
  submissionStates,
  submissionStateSchema,
  type SubmissionState,
} from './submission/submission-state.js';
export {
  submissionEventSchema,
  submissionEventTypes,
  type SubmissionEvent,
  type SubmissionEventType,
} from './submission/submission-event.js';
export {
  submissionSchema,
  type Submission,
  type SubmissionEffect,
} from './submission/submission.js';
export { applySubmissionEvent, type AppliedEvent } from './submission/apply-submission-event.js';
export {
  replaySubmission,
  submissionStateAt,
  type ReplayFailure,
} from './submission/replay-submission.js';
export {
  acceptedInStates,
  allowedEvents,
  neverRefusedEvents,
} from './submission/lifecycle-table.js';

// Access windows.
export {
  windowHardCapDays,
  windowCapDaysSchema,
  windowSettingsSchema,
  parseWindowSettings,
  type WindowSettings,
} from './window/window-settings.js';
export {
  accessWindowSchema,
  windowClosing,
  windowCountdown,
  effectiveCapDays,
  type AccessWindow,
  type WindowClosing,
  type WindowClosingReason,
  type WindowCountdown,
} from './window/access-window.js';

// Designation criteria and determinations.
export { metricNameSchema, reservedWords } from './criteria/metric-name.js';
export {
  metricEstimateSchema,
  batteryMetricsSchema,
  factValueSchema,
  declaredFactsSchema,
  type MetricEstimate,
  type BatteryMetrics,
  type FactValue,
  type DeclaredFacts,
} from './criteria/battery-metrics.js';
export {
  criteriaVersionSchema,
  criteriaRuleSchema,
  criteriaSignatureSchema,
  factTypes,
  type CriteriaVersion,
  type CriteriaRule,
  type CriteriaSignature,
  type CriteriaTier,
  type FactType,
} from './criteria/criteria-version.js';
export {
  criteriaEvaluationSchema,
  ruleEvaluationSchema,
  designationOutcomes,
  ruleVerdicts,
  type CriteriaEvaluation,
  type RuleEvaluation,
  type DesignationOutcome,
  type RuleVerdict,
} from './criteria/criteria-evaluation.js';
export {
  compileCriteria,
  describeProblem,
  type CompiledCriteria,
  type CompiledRule,
  type CriteriaProblem,
} from './criteria/compile-criteria.js';
export { evaluateCriteria } from './criteria/evaluate-criteria.js';
export {
  signCriteria,
  criteriaActivation,
  activeCriteriaVersion,
  type CriteriaActivation,
} from './criteria/sign-criteria.js';
export {
  criteriaDeadlineStatus,
  criteriaDeadlineDays,
  programmeStartAt,
  type CriteriaDeadlineStatus,
} from './criteria/criteria-deadline.js';
export { parseRule } from './criteria/rules/parse-rule.js';
export { tokenizeRule } from './criteria/rules/tokenize-rule.js';
export { checkRule, type CheckedRule, type RuleDeclarations } from './criteria/rules/check-rule.js';
export { evaluateRule, type RuleOutcome } from './criteria/rules/evaluate-rule.js';
export { ruleFunctions, type RuleFunctionName } from './criteria/rules/rule-functions.js';
export {
  describeDiagnostic,
  type RuleDiagnostic,
  type SourcePosition,
} from './criteria/rules/rule-diagnostic.js';
export type { RuleExpression } from './criteria/rules/rule-expression.js';
export {
  modelSchema,
  determinationSchema,
  sanitisedDeterminationSchema,
  informationNotPermission,
  type Model,
  type Determination,
  type SanitisedDetermination,
} from './determination/determination.js';
export {
  recordDetermination,
  type DeterminationInput,
} from './determination/record-determination.js';
export { sanitiseDetermination } from './determination/sanitise-determination.js';
export { designationEvent } from './determination/designation-event.js';

// Tracks, partners, runs.
export {
  evaluationTracks,
  evaluationTrackSchema,
  trackAssignmentSchema,
  type EvaluationTrack,
  type TrackAssignment,
} from './tracks/track-assignment.js';
export { assignAgency, assignedAgencyIds, type AssignmentRequest } from './tracks/assign-agency.js';
export {
  trustedPartnerSchema,
  partnerApprovalSchema,
  type TrustedPartner,
} from './partner/trusted-partner.js';
export {
  partnerStatus,
  approvePartner,
  type PartnerStatus,
  type PartnerSide,
} from './partner/partner-status.js';
export {
  evaluationRunSchema,
  runStatuses,
  type EvaluationRun,
  type RunStatus,
} from './run/evaluation-run.js';
export { batteryFromRuns } from './run/battery-from-runs.js';

// Sealed benchmark item sets.
export {
  benchmarkSlugSchema,
  sealedBenchmarkNameSchema,
  sealedBenchmarkName,
  benchmarkItemFormats,
  benchmarkLevels,
  maxBenchmarkItems,
  sealedBenchmarkTaskSpecSchema,
  sealedBenchmarkBodySchema,
  sealedBenchmarkSchema,
  newestActiveVersions,
  type BenchmarkItemFormat,
  type BenchmarkLevel,
  type SealedBenchmarkTaskSpec,
  type SealedBenchmarkBody,
  type SealedBenchmark,
} from './benchmark/sealed-benchmark.js';

// Two-person approvals.
export {
  sensitiveActions,
  approvalRequestInputSchema,
  approvalRequestSchema,
  approvalStatuses,
  type SensitiveAction,
  type ApprovalRequestInput,
  type ApprovalRequest,
  type ApprovalStatus,
} from './approval/approval-request.js';
export { approvalRules, defaultApprovalValidityMs } from './approval/approval-rules.js';
export {
  requestApproval,
  decideApproval,
  findUsableApproval,
  useApproval,
  type ApprovalTarget,
} from './approval/two-person-approval.js';

// Authorisation.
export { actions, type Action } from './policy/action.js';
export type {
  Subject,
  PolicyResource,
  ProgrammeResource,
  SubmissionResource,
  CriteriaResource,
  BenchmarkResource,
  DeterminationResource,
  PolicyDecision,
} from './policy/policy-input.js';
export { authorize } from './policy/authorize.js';
export { policyTable, type PolicyRow } from './policy/policy-table.js';
export { requirements, requirementChecks, type Requirement } from './policy/requirement.js';

// Errors.
export { TransitionError, type TransitionErrorCode } from './errors/transition-error.js';
export { MarkingError, type MarkingErrorCode } from './errors/marking-error.js';
export { GrantError, type GrantErrorCode } from './errors/grant-error.js';
export { CriteriaError, type CriteriaErrorCode } from './errors/criteria-error.js';
export { DeterminationError, type DeterminationErrorCode } from './errors/determination-error.js';
export { AssignmentError, type AssignmentErrorCode } from './errors/assignment-error.js';
export { PartnerError, type PartnerErrorCode } from './errors/partner-error.js';
export { RunError } from './errors/run-error.js';
export { ApprovalError, type ApprovalErrorCode } from './errors/approval-error.js';
