import type { ProgrammeResource } from '../../../programme/index.js';

/** Programme-wide things (accounts, grants, the audit trail) are one resource to the policy. */
export const programme: ProgrammeResource = { kind: 'programme' };
