import type {
  AppliedEvent,
  Marking,
  Model,
  Result,
  SubmissionEvent,
  TransitionError,
} from '../../programme/index.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { MarkedSubmission } from '../../store/repositories/submission-repository.js';
import { inTransaction, type Executor } from '../../store/store.js';
import { submissionCompartment } from '../authorization/markings.js';
import { collection } from './document-collection.js';
import { without } from '../util/without.js';
import { credentialRecordSchema, type CredentialRecord, type SubmissionRecord } from './records.js';

type DraftedEvent = Extract<SubmissionEvent, { type: 'submission-drafted' }>;

/**
 * Submissions as the service shows them: the store's event stream and marking, with the access
 * grant's public part.
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
  /** Records the public part of the developer's access grant (the secret is sealed apart). */
  setCredential(id: string, credential: NonNullable<SubmissionRecord['credential']>): Promise<void>;
  /** Records that the credential was purged (it stays purged). */
  markCredentialPurged(id: string, at: string): Promise<void>;
  /** Writes what a record may change: its marking and its credential's public part. */
  update(record: SubmissionRecord): Promise<void>;
}

export function submissionData(db: Executor): SubmissionData {
  const { submissions } = repositories(db);
  const credentials = collection(db, {
    kind: 'submission-credential',
    schema: credentialRecordSchema,
    idOf: (record) => record.submissionId,
    scopeOf: () => '',
  });
  const withCredential = async (marked: MarkedSubmission): Promise<SubmissionRecord> => {
    const stored = await credentials.get(marked.submission.id);
    return {
      submission: marked.submission,
      marking: marked.marking,
      ...(stored?.credential === undefined ? {} : { credential: stored.credential }),
      ...(stored?.credentialPurgedAt === undefined
        ? {}
        : { credentialPurgedAt: stored.credentialPurgedAt }),
    };
  };
  // Until access grants move to the store, their public part is a document per submission.
  const saveCredential = async (
    id: string,
    change: (current: CredentialRecord) => CredentialRecord,
  ) => {
    const current = await credentials.get(id);
    const next = change(current ?? { submissionId: id });
    if (current === undefined) await credentials.insert(next);
    else await credentials.update(next);
  };
  return {
    get: async (id, options = {}) => {
      const marked = await submissions.getMarked(id, options);
      return marked === undefined ? undefined : withCredential(marked);
    },
    list: async (developerOrganisationId) =>
      Promise.all((await submissions.listMarked(developerOrganisationId)).map(withCredential)),
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
    update: async (record) => {
      const id = record.submission.id;
      await submissions.setMarking(id, record.marking);
      await saveCredential(id, () => ({
        submissionId: id,
        ...(record.credential === undefined ? {} : { credential: record.credential }),
        ...(record.credentialPurgedAt === undefined
          ? {}
          : { credentialPurgedAt: record.credentialPurgedAt }),
      }));
    },
    setCredential: (id, credential) =>
      saveCredential(id, (current) => ({ ...current, credential })),
    markCredentialPurged: (id, at) =>
      saveCredential(id, (current) => ({
        ...without(current, 'credential'),
        credentialPurgedAt: current.credentialPurgedAt ?? at,
      })),
  };
}
