import { hostname } from 'node:os';
import { authorize, type Action, type PolicyResource } from '../../programme/index.js';
import { UnrecoverableJobError } from '../../queue/errors/unrecoverable-job-error.js';
import type { JsonValue } from '../../queue/job.js';
import { loadSubject } from '../authorization/load-subject.js';
import { programmeData } from '../data/programme-data.js';
import type { Account } from '../data/records.js';
import { submissionResource } from '../routes/shared/submission-resource.js';
import type { Services } from '../services.js';

/** What a job needs to act as the worker identity. */
export type JobServices = Pick<Services, 'store' | 'audit' | 'sealed' | 'clock'>;

/** The worker as a job sees it: who it is, where it runs, and its audited decisions. */
export interface JobAuthority {
  readonly worker: Account;
  /** `worker <pid>@<host>`: the `where` of every audit record the job writes. */
  readonly source: string;
  /**
   * Asks the policy whether the worker may do `action` on the submission's evaluation data,
   * records the decision (allowed or denied) in the audit trail, and throws an unrecoverable
   * job error with the fix when it is denied.
   */
  require(
    action: Action,
    submissionId: string,
    details?: Readonly<Record<string, JsonValue>>,
  ): Promise<void>;
  /** The same for any resource (a sealed benchmark); `hint` says how to fix a refusal. */
  requireOn(
    action: Action,
    resource: Exclude<PolicyResource, { kind: 'programme' }>,
    objectId: string,
    refusal: { readonly what: string; readonly hint: string },
    details?: Readonly<Record<string, JsonValue>>,
  ): Promise<void>;
}

/** Loads the worker account (refusing a missing or disabled one) and its decision function. */
export async function jobAuthority(
  services: JobServices,
  workerUserId: string,
): Promise<JobAuthority> {
  const worker = await programmeData(services.store.db).accounts.get(workerUserId);
  if (worker === undefined || worker.disabledAt !== undefined) {
    throw new UnrecoverableJobError(`the worker account ${workerUserId} is missing or disabled`);
  }
  const source = `worker ${String(process.pid)}@${hostname()}`;
  const requireOn: JobAuthority['requireOn'] = async (
    action,
    resource,
    objectId,
    refusal,
    details = {},
  ) => {
    const data = programmeData(services.store.db);
    const decision = authorize(
      await loadSubject(data, worker),
      action,
      resource,
      services.clock.now().toISOString(),
    );
    await services.audit.append({
      actor: worker.user.id,
      action,
      source,
      outcome: decision.allowed ? 'allowed' : 'denied',
      objectId,
      objectMarking: resource.marking,
      details: {
        ...details,
        rule: decision.rule,
        reason: decision.reason,
        role: worker.user.role,
        via: 'job',
      },
    });
    if (!decision.allowed) {
      throw new UnrecoverableJobError(
        `the worker may not ${action} on ${refusal.what}: ${decision.reason}`,
        { hint: refusal.hint },
      );
    }
  };
  return {
    worker,
    source,
    requireOn,
    require: async (action, submissionId, details = {}) => {
      const data = programmeData(services.store.db);
      const record = await data.submissions.get(submissionId);
      if (record === undefined) {
        throw new UnrecoverableJobError(`submission ${submissionId} is gone`);
      }
      const resource = await submissionResource(data, record, { evaluation: true });
      await requireOn(
        action,
        resource,
        submissionId,
        {
          what: `submission ${submissionId}`,
          hint: `a security officer reads ${worker.username} into the submission's compartments and issues it a need-to-know grant`,
        },
        details,
      );
    },
  };
}
