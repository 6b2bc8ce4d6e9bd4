import type { TrackAssignment, TrustedPartner } from '../../programme/index.js';
import type { PartnerSide } from '../../store/repositories/partner-repository.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';

/** Agencies assigned to a submission's tracks (the same agency on a track twice is refused). */
export interface AssignmentData {
  insert(assignment: TrackAssignment): Promise<void>;
  /** A submission's assignments, oldest first. */
  list(submissionId: string): Promise<TrackAssignment[]>;
}

/** Trusted partners and their approvals, one per side (a second throws UniqueViolationError). */
export interface PartnerData {
  insert(partner: TrustedPartner): Promise<void>;
  get(id: string): Promise<TrustedPartner | undefined>;
  list(submissionId: string): Promise<TrustedPartner[]>;
  approve(partnerId: string, side: PartnerSide, approvedBy: string, at: string): Promise<void>;
}

export function assignmentData(db: Executor): AssignmentData {
  const { assignments } = repositories(db);
  return {
    insert: (assignment) => assignments.insert(assignment),
    list: (submissionId) => assignments.listFor(submissionId),
  };
}

export function partnerData(db: Executor): PartnerData {
  const { partners } = repositories(db);
  return {
    insert: (partner) => partners.insert(partner),
    get: (id) => partners.get(id),
    list: (submissionId) => partners.listFor(submissionId),
    approve: (partnerId, side, approvedBy, at) => partners.approve(partnerId, side, approvedBy, at),
  };
}
