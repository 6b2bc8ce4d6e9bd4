import { grantCovers, isGrantLive } from '../access/need-to-know-grant.js';
import { hasAcceptedAgreement } from '../access/access-agreement.js';
import { sensitiveActions, type SensitiveAction } from '../approval/approval-request.js';
import { findUsableApproval } from '../approval/two-person-approval.js';
import { levelAtLeast } from '../identity/clearance-level.js';
import type { Marking } from '../marking/marking.js';
import { partnerStatus } from '../partner/partner-status.js';
import { toEpochMs, type Timestamp } from '../time/timestamp.js';
import { windowCountdown } from '../window/access-window.js';
import type { Action } from './action.js';
import type { PolicyResource, Subject } from './policy-input.js';

/** One condition the policy table can demand. Each is checked by the function of the same name. */
export const requirements = [
  'own_organisation',
  'assigned_agency',
  'assigned_track',
  'active_partner',
  'released_to_developer',
  'clearance',
  'compartments',
  'agreement',
  'need_to_know',
  'marking_current',
  'window_open',
  'second_person',
] as const;
export type Requirement = (typeof requirements)[number];

/** What a requirement check sees. */
export interface RequirementContext {
  readonly subject: Subject;
  readonly action: Action;
  readonly resource: PolicyResource;
  readonly now: Timestamp;
}

/** Undefined when met; otherwise why not, for a person. */
type Check = (context: RequirementContext) => string | undefined;

function markingOf(resource: PolicyResource): Marking | undefined {
  return resource.kind === 'programme' ? undefined : resource.marking;
}

function submissionIdOf(resource: PolicyResource): string | undefined {
  return resource.kind === 'submission' || resource.kind === 'determination'
    ? resource.submissionId
    : undefined;
}

function developerOf(resource: PolicyResource): string | undefined {
  return resource.kind === 'submission' || resource.kind === 'determination'
    ? resource.developerOrganisationId
    : undefined;
}

/** Requirements that need a marked resource fail closed on one without a marking. */
function withMarking(
  check: (marking: Marking, context: RequirementContext) => string | undefined,
): Check {
  return (context) => {
    const marking = markingOf(context.resource);
    return marking === undefined
      ? 'the resource carries no marking to check'
      : check(marking, context);
  };
}

function isSensitive(action: Action): action is SensitiveAction {
  return (sensitiveActions as readonly string[]).includes(action);
}

/** The checks, one per requirement. */
export const requirementChecks: Readonly<Record<Requirement, Check>> = {
  own_organisation: ({ subject, resource }) => {
    const developer = developerOf(resource);
    if (developer === undefined) return 'the resource belongs to no developer';
    return developer === subject.user.organisationId
      ? undefined
      : 'it belongs to another developer organisation';
  },
  assigned_agency: ({ subject, resource }) => {
    const assigned =
      resource.kind === 'submission' || resource.kind === 'determination'
        ? resource.assignedAgencyIds
        : [];
    return assigned.includes(subject.user.organisationId)
      ? undefined
      : 'your agency is not assigned to this submission';
  },
  assigned_track: ({ subject, resource }) => {
    if (resource.kind !== 'submission' || resource.track === undefined) {
      return 'the request names no evaluation track';
    }
    const { track } = resource;
    const holds = (resource.trackAssignments ?? []).some(
      (assignment) =>
        assignment.agencyId === subject.user.organisationId && assignment.track === track,
    );
    return holds ? undefined : `your agency is not assigned to the ${track} track`;
  },
  active_partner: ({ subject, resource, now }) => {
    if (resource.kind !== 'submission') return 'partners act only on submissions';
    const records = resource.trustedPartners.filter(
      (partner) =>
        partner.partnerOrganisationId === subject.user.organisationId &&
        partner.submissionId === resource.submissionId,
    );
    if (records.some((partner) => partnerStatus(partner, now) === 'active')) return undefined;
    const statuses = records.map((partner) => partnerStatus(partner, now));
    return statuses.length === 0
      ? 'your organisation is not a trusted partner on this submission'
      : `your organisation's partnership is not active (${statuses.join(', ')})`;
  },
  released_to_developer: withMarking((marking, { subject }) =>
    marking.controls.includes('REL-DEVELOPER') && marking.ownerId === subject.user.organisationId
      ? undefined
      : 'the object is not released to your organisation (REL-DEVELOPER)',
  ),
  clearance: withMarking((marking, { subject }) =>
    levelAtLeast(subject.user.clearance, marking.level)
      ? undefined
      : `your clearance ${subject.user.clearance} is below the marking ${marking.level}`,
  ),
  compartments: withMarking((marking, { subject }) => {
    const missing = marking.compartments.filter(
      (compartment) => !subject.user.compartments.includes(compartment),
    );
    return missing.length === 0 ? undefined : `you are not read into ${missing.join(', ')}`;
  }),
  agreement: ({ subject }) =>
    hasAcceptedAgreement(subject.agreement.acceptances, subject.user.id, subject.agreement.current)
      ? undefined
      : `you have not accepted version ${subject.agreement.current.version} of the access agreement`,
  need_to_know: withMarking((marking, { subject, resource, now }) => {
    const target = { submissionId: submissionIdOf(resource), compartments: marking.compartments };
    const live = subject.grants.some(
      (grant) =>
        grant.userId === subject.user.id && isGrantLive(grant, now) && grantCovers(grant, target),
    );
    return live ? undefined : 'you hold no live need-to-know grant for it';
  }),
  marking_current: withMarking((marking, { now }) =>
    marking.expiresAt === undefined || toEpochMs(now) < toEpochMs(marking.expiresAt)
      ? undefined
      : `its marking expired at ${marking.expiresAt}; it awaits review or purge`,
  ),
  window_open: ({ resource, now }) => {
    if (resource.kind !== 'submission' || resource.window === undefined) {
      return 'no access window has opened';
    }
    const countdown = windowCountdown(resource.window, now);
    return countdown.open
      ? undefined
      : `the access window closed at ${countdown.closesAt} (${countdown.reason})`;
  },
  second_person: ({ subject, action, resource, now }) => {
    if (!isSensitive(action)) return 'this action takes no two-person approval';
    const objectId = resource.kind === 'submission' ? resource.objectId : undefined;
    if (objectId === undefined) return 'the request names no object';
    const approval = findUsableApproval(
      subject.approvals,
      { userId: subject.user.id, action, objectId, submissionId: submissionIdOf(resource) },
      now,
    );
    return approval === undefined
      ? 'it needs a request of yours approved by a second person, unused and unexpired'
      : undefined;
  },
};
