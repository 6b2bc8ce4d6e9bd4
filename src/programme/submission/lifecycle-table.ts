import type { SubmissionEventType } from './submission-event.js';
import { submissionEventTypes } from './submission-event.js';
import type { SubmissionState } from './submission-state.js';
import { submissionStates } from './submission-state.js';

const everyState = submissionStates;
const everyStateButWithdrawn = submissionStates.filter((state) => state !== 'withdrawn');

/**
 * The states each event is accepted in. Read it as the lifecycle:
 * draft → submitted → qualifying → designated | not_designated; designated → window_open →
 * window_closed → reported; withdrawn from everywhere. Recording a release is accepted
 * everywhere; so is withdrawal (again, if need be: a repeated purge does no harm).
 * `submission-drafted` is accepted only as a submission's first event.
 */
export const acceptedInStates: Readonly<Record<SubmissionEventType, readonly SubmissionState[]>> = {
  'submission-drafted': [],
  'submission-submitted': ['draft'],
  'qualification-started': ['submitted'],
  'designation-recorded': ['qualifying'],
  'window-opened': ['designated'],
  'release-date-declared': everyStateButWithdrawn,
  'release-recorded': everyState,
  'window-closed': ['window_open'],
  'report-issued': ['window_closed'],
  'submission-withdrawn': everyState,
};

/**
 * Events never refused for arriving with an earlier time than the last one: a release or a
 * withdrawal must always be recordable.
 */
export const neverRefusedEvents: readonly SubmissionEventType[] = [
  'release-recorded',
  'submission-withdrawn',
];

/** The events a submission in `state` accepts (before checks on their content). */
export function allowedEvents(state: SubmissionState | undefined): readonly SubmissionEventType[] {
  if (state === undefined) return ['submission-drafted'];
  return submissionEventTypes.filter((type) => acceptedInStates[type].includes(state));
}
