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
  modelSchema,
  determinationSchema,
  sanitisedDeterminationSchema,
  informationNotPermission,
  type Model,
  type Determination,
  type SanitisedDetermination,
} from './determination/determination.js';

// Tracks, partners, runs.
export {
  evaluationTracks,
  trackAssignmentSchema,
  type EvaluationTrack,
  type TrackAssignment,
} from './tracks/track-assignment.js';
export {
  trustedPartnerSchema,
  partnerApprovalSchema,
  type TrustedPartner,
} from './partner/trusted-partner.js';
export {
  evaluationRunSchema,
  runStatuses,
  type EvaluationRun,
  type RunStatus,
} from './run/evaluation-run.js';

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

// Authorisation.
export { actions, type Action } from './policy/action.js';
export type {
  Subject,
  PolicyResource,
  ProgrammeResource,
  SubmissionResource,
  CriteriaResource,
  DeterminationResource,
  PolicyDecision,
} from './policy/policy-input.js';

// Errors.
export { TransitionError, type TransitionErrorCode } from './errors/transition-error.js';
export { MarkingError, type MarkingErrorCode } from './errors/marking-error.js';
export { GrantError, type GrantErrorCode } from './errors/grant-error.js';
