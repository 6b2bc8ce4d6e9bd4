import type { ModelApi } from '../../core/model/model-api.js';
import { UnrecoverableJobError } from '../../queue/errors/unrecoverable-job-error.js';
import { SealedDataError } from '../../sealed/errors/sealed-data-error.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { programmeData } from '../data/programme-data.js';
import { credentialSchema } from '../routes/credential.js';
import type { ResolveCredentialModel } from './credential-model.js';
import type { JobAuthority, JobServices } from './job-authority.js';

/**
 * The submission's model, reached only through the developer's stored credential: unsealed
 * here (the read audited under the worker's name and `purpose`), handed to the adapter, never
 * logged or returned. A purged credential (withdrawal, a closed window) means no model.
 */
export async function openSubmissionModel(
  services: JobServices,
  authority: JobAuthority,
  submissionId: string,
  purpose: string,
  resolveModel: ResolveCredentialModel,
): Promise<ModelApi> {
  const data = programmeData(services.store.db);
  const record = await data.submissions.get(submissionId);
  let credentialText: string | undefined;
  try {
    credentialText = await data.submissions.openCredential(
      submissionId,
      services.sealed,
      auditSealedRead(services, {
        actor: authority.worker.user.id,
        source: authority.source,
        purpose,
        ...(record === undefined ? {} : { marking: record.marking }),
      }),
    );
  } catch (error) {
    if (error instanceof SealedDataError) {
      throw new UnrecoverableJobError(`the access credential cannot be used: ${error.message}`);
    }
    throw error;
  }
  if (credentialText === undefined) {
    throw new UnrecoverableJobError(`submission ${submissionId} has no access grant`, {
      hint: 'the developer stores the endpoint credential: PUT /api/submissions/{submissionId}/access-grant',
    });
  }
  return resolveModel(credentialSchema.parse(JSON.parse(credentialText)));
}
