import type { SealedRef } from '../../sealed/sealed-ref.js';

/** Where a run's sealed transcript (its eval log) lives. */
export function transcriptRef(runId: string): SealedRef {
  return { kind: 'run-transcript', objectId: runId };
}
