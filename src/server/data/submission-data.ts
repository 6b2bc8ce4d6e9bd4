import type {
  AppliedEvent,
  Marking,
  Model,
  Result,
  SubmissionEvent,
  TransitionError,
} from '../../programme/index.js';
import type { SealedData } from '../../sealed/sealed-data.js';
import type { AuditSealedRead } from '../../sealed/sealed-read.js';
import type { AccessGrant } from '../../store/repositories/access-grant-repository.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { MarkedSubmission } from '../../store/repositories/submission-repository.js';
import { inTransaction, type Executor } from '../../store/store.js';
import { submissionCompartment } from '../authorization/markings.js';
import type { SubmissionRecord } from './records.js';

type DraftedEvent = Extract<SubmissionEvent, { type: 'submission-drafted' }>;

/** A new access grant: which model, where, by whom; the credential itself is sealed. */
export interface NewAccessGrant {
  readonly id: string;
  readonly model: string;
  readonly baseUrl?: string;
  readonly grantedBy: string;
  readonly at: string;
}

/**
 * Submissions as the service shows them: the store's event stream and marking, with the public
 * part of the developer's newest access grant (or when its credential was purged).
 */
export interface SubmissionData {
  /** The submission; `lock` holds it until the transaction ends (use inside one). */
  get(id: string, options?: { readonly lock?: boolean }): Promise<SubmissionRecord | undefined>;
  /** Every submission, or one developer's, oldest first. */
  list(developerOrganisationId?: string): Promise<SubmissionRecord[]>;
  /** The submission's events, oldest first. */
  events(id: string): Promise<SubmissionEvent[]>;
  /**
   * Stores a new submission from its first event, with its model, its marking and its own
   * compartment (`SUB-…`), all in one transaction.
   */
  create(input: {
    readonly event: DraftedEvent;
    readonly model: Model;
    readonly marking: Marking;
    readonly at: string;
  }): Promise<Result<AppliedEvent, TransitionError>>;
  /** Appends an event the lifecycle accepts (see SubmissionRepository.record). */
  record(event: SubmissionEvent, at: string): Promise<Result<AppliedEvent, TransitionError>>;
  setMarking(id: string, marking: Marking): Promise<void>;
  /**
   * Stores the developer's access grant with its credential sealed; a grant already live is
   * revoked first and its credential purged, so one key at most is ever usable.
   */
  grantAccess(
    submissionId: string,
    grant: NewAccessGrant,
    credential: string,
    sealed: SealedData,
  ): Promise<void>;
  /** Revokes the live grant and purges its credential; false when there was none. */
  revokeAccess(
    submissionId: string,
    reason: string,
    at: string,
    sealed: SealedData,
  ): Promise<boolean>;
  /**
   * The credential of the newest grant, an audited sealed read (a purged one fails, audited, with
   * SealedDataError `purged`); undefined when no grant was ever stored.
   */
  openCredential(
    submissionId: string,
    sealed: SealedData,
    audit: AuditSealedRead,
  ): Promise<string | undefined>;
}

/** The record's view of the newest grant: its public part while live, else when it ended. */
function grantPart(grant: AccessGrant | undefined): Partial<SubmissionRecord> {
  if (grant === undefined) return {};
  if (grant.revokedAt !== undefined) return { credentialPurgedAt: grant.revokedAt };
  return {
    credential: {
      model: grant.model,
      storedAt: grant.grantedAt,
      storedBy: grant.grantedBy,
      ...(grant.endpoint === undefined ? {} : { baseUrl: grant.endpoint }),
    },
  };
}

export function submissionData(db: Executor): SubmissionData {
  const { submissions, accessGrants } = repositories(db);
  const record = (marked: MarkedSubmission, grant: AccessGrant | undefined): SubmissionRecord => ({
    submission: marked.submission,
    marking: marked.marking,
    ...grantPart(grant),
  });
  return {
    get: async (id, options = {}) => {
      const marked = await submissions.getMarked(id, options);
      return marked === undefined ? undefined : record(marked, await accessGrants.latest(id));
    },
    list: async (developerOrganisationId) => {
      const marked = await submissions.listMarked(developerOrganisationId);
      const grants = await accessGrants.latestOf(marked.map((each) => each.submission.id));
      return marked.map((each) => record(each, grants.get(each.submission.id)));
    },
    events: (id) => submissions.events(id),
    create: (input) =>
      inTransaction(db, async (tx) => {
        const data = repositories(tx);
        await data.models.insert(input.model, input.at);
        const applied = await data.submissions.record(input.event, input.at, {
          marking: input.marking,
        });
        if (!applied.ok) return applied;
        await data.compartments.create({
          name: submissionCompartment(input.event.submissionId),
          kind: 'submission',
          organisationId: input.event.developerOrganisationId,
          submissionId: input.event.submissionId,
          createdAt: input.at,
        });
        return applied;
      }),
    record: (event, at) => submissions.record(event, at),
    setMarking: async (id, marking) => {
      await submissions.setMarking(id, marking);
    },
    grantAccess: (submissionId, grant, credential, sealed) =>
      inTransaction(db, async (tx) => {
        const data = repositories(tx);
        await data.accessGrants.revokeAll(
          submissionId,
          'replaced by a new access grant',
          grant.at,
          sealed,
        );
        await data.accessGrants.create(
          {
            id: grant.id,
            submissionId,
            model: grant.model,
            ...(grant.baseUrl === undefined ? {} : { endpoint: grant.baseUrl }),
            grantedBy: grant.grantedBy,
            grantedAt: grant.at,
          },
          credential,
          sealed,
        );
      }),
    revokeAccess: async (submissionId, reason, at, sealed) =>
      (await accessGrants.revokeAll(submissionId, reason, at, sealed)) > 0,
    openCredential: async (submissionId, sealed, audit) => {
      const grant = await accessGrants.latest(submissionId);
      return grant === undefined ? undefined : accessGrants.openCredential(grant.id, sealed, audit);
    },
  };
}
