import type { SubmissionEvent, SubmissionState } from '../../../src/programme/index.js';
import { recordSubmissionEvent } from '../../../src/server/routes/shared/record-event.js';
import type { TestService } from './test-service.js';

/** The events that take a fresh (submitted) submission to each state, in order. */
const paths: Readonly<Record<SubmissionState, readonly SubmissionEvent['type'][]>> = {
  draft: [],
  submitted: ['submission-submitted'],
  qualifying: ['submission-submitted', 'qualification-started'],
  designated: ['submission-submitted', 'qualification-started', 'designation-recorded'],
  not_designated: ['submission-submitted', 'qualification-started', 'designation-recorded'],
  window_open: [
    'submission-submitted',
    'qualification-started',
    'designation-recorded',
    'window-opened',
  ],
  window_closed: [
    'submission-submitted',
    'qualification-started',
    'designation-recorded',
    'window-opened',
    'window-closed',
  ],
  reported: [
    'submission-submitted',
    'qualification-started',
    'designation-recorded',
    'window-opened',
    'window-closed',
    'report-issued',
  ],
  withdrawn: ['submission-submitted', 'submission-withdrawn'],
};

/**
 * Moves a draft submission to `state` through the same event path the routes use (the domain
 * checks every step), as a government actor outside the test's view.
 */
export async function advanceTo(
  service: TestService,
  submissionId: string,
  state: SubmissionState,
): Promise<void> {
  const actor = { userId: 'user-lifecycle', source: 'test', requestId: 'test' };
  for (const type of paths[state]) {
    await recordSubmissionEvent(service, actor, submissionId, (_record, at): SubmissionEvent => {
      const base = { submissionId, actorId: actor.userId, at, reason: 'test step' };
      switch (type) {
        case 'designation-recorded':
          return {
            ...base,
            type,
            determinationId: 'det-test',
            designated: state !== 'not_designated',
          };
        case 'window-opened':
          return { ...base, type, capDays: 30 };
        case 'window-closed':
          return { ...base, type, cause: 'ended_early' };
        case 'report-issued':
          return { ...base, type, reportId: 'report-test' };
        case 'submission-drafted':
          throw new Error('a submission is drafted once');
        case 'release-date-declared':
          return { ...base, type, declaredReleaseAt: at };
        case 'release-recorded':
          return { ...base, type, releasedAt: at };
        case 'submission-submitted':
        case 'qualification-started':
        case 'submission-withdrawn':
          return { ...base, type };
      }
    });
  }
}
