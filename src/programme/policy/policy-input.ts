import type { AccessAgreement, AgreementAcceptance } from '../access/access-agreement.js';
import type { NeedToKnowGrant } from '../access/need-to-know-grant.js';
import type { ApprovalRequest } from '../approval/approval-request.js';
import type { User } from '../identity/user.js';
import type { Marking } from '../marking/marking.js';
import type { TrustedPartner } from '../partner/trusted-partner.js';
import type { EvaluationTrack } from '../tracks/track-assignment.js';
import type { AccessWindow } from '../window/access-window.js';

/** Who is asking, with everything they hold. The API loads it once per request. */
export interface Subject {
  readonly user: User;
  /** The agreement version in force, and this user's acceptances. */
  readonly agreement: {
    readonly current: Pick<AccessAgreement, 'id' | 'version'>;
    readonly acceptances: readonly AgreementAcceptance[];
  };
  readonly grants: readonly NeedToKnowGrant[];
  /** Two-person requests this user made (any status; the policy picks a usable one). */
  readonly approvals: readonly ApprovalRequest[];
}

/** Programme-wide things: the audit trail, accounts, grants, the criteria list. */
export interface ProgrammeResource {
  readonly kind: 'programme';
}

/** A submission and the data under it (transcripts, runs, findings, the model endpoint). */
export interface SubmissionResource {
  readonly kind: 'submission';
  readonly submissionId: string;
  readonly developerOrganisationId: string;
  readonly marking: Marking;
  /** Agencies assigned to any track of this submission. */
  readonly assignedAgencyIds: readonly string[];
  readonly trustedPartners: readonly TrustedPartner[];
  /** The access window, once one has opened. */
  readonly window: AccessWindow | undefined;
  /** The object a sensitive action targets (a credential, a transcript set). */
  readonly objectId?: string;
  /** Which agency holds which track (an agency may hold several). */
  readonly trackAssignments?: readonly {
    readonly agencyId: string;
    readonly track: EvaluationTrack;
  }[];
  /** The track an action is about (launching a track's evaluations). */
  readonly track?: EvaluationTrack;
}

/** A criteria version (sealed). */
export interface CriteriaResource {
  readonly kind: 'criteria';
  readonly criteriaVersionId: string;
  readonly marking: Marking;
}

/** A sealed benchmark item set (the classified part of the battery and the tracks). */
export interface BenchmarkResource {
  readonly kind: 'benchmark';
  readonly benchmarkId: string;
  readonly marking: Marking;
}

/** A determination (sealed), with or without a submission behind it. */
export interface DeterminationResource {
  readonly kind: 'determination';
  readonly determinationId: string;
  readonly developerOrganisationId: string;
  readonly submissionId: string | undefined;
  readonly marking: Marking;
  readonly assignedAgencyIds: readonly string[];
}

/** Anything the policy decides about. */
export type PolicyResource =
  | ProgrammeResource
  | SubmissionResource
  | CriteriaResource
  | BenchmarkResource
  | DeterminationResource;

/** The policy's answer. `rule` names the table entry or check that decided, for the audit trail. */
export interface PolicyDecision {
  readonly allowed: boolean;
  readonly reason: string;
  readonly rule: string;
}
