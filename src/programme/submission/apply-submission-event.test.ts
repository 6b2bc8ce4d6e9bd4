import { describe, expect, it } from 'vitest';
import { TransitionError } from '../errors/transition-error.js';
import { eventFactory } from '../testing/programme-fixtures.js';
import { addDays } from '../time/timestamp.js';
import { windowClosing } from '../window/access-window.js';
import { applySubmissionEvent } from './apply-submission-event.js';
import { replaySubmission, submissionStateAt } from './replay-submission.js';
import type { Submission } from './submission.js';
import type { SubmissionEvent } from './submission-event.js';

function play(events: readonly SubmissionEvent[]): Submission {
  const replayed = replaySubmission(events);
  if (!replayed.ok) throw replayed.error.error;
  return replayed.value;
}

function refusal(submission: Submission | undefined, event: SubmissionEvent): TransitionError {
  const applied = applySubmissionEvent(submission, event);
  if (applied.ok) throw new Error(`expected ${event.type} to be refused`);
  return applied.error;
}

/** Events up to an open window, with a 20-day cap. */
function openWindowHistory() {
  const event = eventFactory();
  return {
    event,
    events: [
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('submission-submitted', {}),
      event('qualification-started', {}),
      event('designation-recorded', { determinationId: 'det.1', designated: true }),
      event('window-opened', { capDays: 20 }),
    ],
  };
}

describe('applySubmissionEvent', () => {
  it('walks the whole lifecycle, keeping who, when and what', () => {
    const { event, events } = openWindowHistory();
    const open = play(events);
    expect(open.state).toBe('window_open');
    expect(open.determinationId).toBe('det.1');
    expect(open.window).toEqual({ openedAt: events[4]!.at, capDays: 20 });
    const closed = play([...events, event('window-closed', { cause: 'ended_early' })]);
    expect(closed.state).toBe('window_closed');
    const reported = play([
      ...events,
      event('window-closed', { cause: 'ended_early' }),
      event('report-issued', { reportId: 'report.1' }),
    ]);
    expect(reported).toMatchObject({ state: 'reported', reportId: 'report.1', eventCount: 7 });
  });

  it('moves to not_designated when the determination does not designate', () => {
    const event = eventFactory();
    const submission = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('submission-submitted', {}),
      event('qualification-started', {}),
      event('designation-recorded', { determinationId: 'det.2', designated: false }),
    ]);
    expect(submission.state).toBe('not_designated');
    const error = refusal(submission, event('window-opened', { capDays: 30 }));
    expect(error.code).toBe('not_allowed_in_state');
    expect(error.message).toBe(
      'window-opened is not accepted while the submission is not_designated',
    );
  });

  it('refuses an event the state does not accept, listing what it does accept', () => {
    const event = eventFactory();
    const draft = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
    ]);
    const error = refusal(draft, event('window-opened', { capDays: 30 }));
    expect(error).toBeInstanceOf(TransitionError);
    expect(error.state).toBe('draft');
    expect(error.allowed).toEqual([
      'submission-submitted',
      'release-date-declared',
      'release-recorded',
      'submission-withdrawn',
    ]);
    expect(error.describe()).toContain(
      'allowed now: submission-submitted, release-date-declared, release-recorded, submission-withdrawn',
    );
  });

  it('needs submission-drafted first, and only first', () => {
    const event = eventFactory();
    expect(refusal(undefined, event('submission-submitted', {})).code).toBe('no_submission');
    const draft = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
    ]);
    const again = refusal(
      draft,
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
    );
    expect(again.code).toBe('already_drafted');
  });

  it('refuses an event for another submission', () => {
    const event = eventFactory();
    const other = eventFactory('sub.2');
    const draft = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
    ]);
    expect(refusal(draft, other('submission-submitted', {})).code).toBe('other_submission');
  });

  it('refuses an ordinary event dated before the last one', () => {
    const event = eventFactory();
    const draft = play([
      event(
        'submission-drafted',
        { developerOrganisationId: 'dev.acme', modelId: 'model.x' },
        { at: '2026-06-20T00:00:00.000Z' },
      ),
    ]);
    const error = refusal(
      draft,
      event('submission-submitted', {}, { at: '2026-06-19T00:00:00.000Z' }),
    );
    expect(error.code).toBe('out_of_order');
    expect(error.hint).toContain('in the order they happen');
  });

  it('accepts a release or a withdrawal even when dated before the last event', () => {
    const { event, events } = openWindowHistory();
    const open = play(events);
    const early = '2026-06-01T00:00:00.000Z';
    const released = applySubmissionEvent(
      open,
      event('release-recorded', { releasedAt: early }, { at: early }),
    );
    expect(released.ok && released.value.submission.state).toBe('window_closed');
    const withdrawn = applySubmissionEvent(open, event('submission-withdrawn', {}, { at: early }));
    expect(withdrawn.ok && withdrawn.value.submission.state).toBe('withdrawn');
    // The clock of the submission never goes back.
    expect(withdrawn.ok && withdrawn.value.submission.lastEventAt).toBe(open.lastEventAt);
  });

  it('closes an open window at once when a release is recorded, revokes access and purges the credential', () => {
    const { event, events } = openWindowHistory();
    const open = play(events);
    const recorded = event(
      'release-recorded',
      { releasedAt: addDays(events[4]!.at, 1) },
      { at: addDays(events[4]!.at, 2) },
    );
    const applied = applySubmissionEvent(open, recorded);
    if (!applied.ok) throw applied.error;
    expect(applied.value.submission.state).toBe('window_closed');
    expect(applied.value.submission.releasedAt).toBe(addDays(events[4]!.at, 1));
    expect(applied.value.submission.window?.releasedAt).toBe(addDays(events[4]!.at, 1));
    expect(applied.value.effects).toEqual([
      { kind: 'revoke_model_access', submissionId: 'sub.1' },
      { kind: 'purge_access_credential', submissionId: 'sub.1' },
    ]);
  });

  it('closes the window at the recording time when the release is dated in the future', () => {
    const { event, events } = openWindowHistory();
    const recordedAt = addDays(events[4]!.at, 1);
    const submission = play([
      ...events,
      event('release-recorded', { releasedAt: addDays(recordedAt, 5) }, { at: recordedAt }),
    ]);
    expect(submission.window?.releasedAt).toBe(recordedAt);
    expect(submission.releasedAt).toBe(addDays(recordedAt, 5));
  });

  it('records a release in a state without a window and leaves the state alone', () => {
    const event = eventFactory();
    const submission = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('submission-submitted', {}),
      event('release-recorded', { releasedAt: '2026-06-15T00:05:00.000Z' }),
    ]);
    expect(submission.state).toBe('submitted');
    expect(submission.releasedAt).toBe('2026-06-15T00:05:00.000Z');
  });

  it('keeps the first release time when a release is recorded twice', () => {
    const { event, events } = openWindowHistory();
    const submission = play([
      ...events,
      event('release-recorded', { releasedAt: '2026-06-15T00:06:00.000Z' }),
      event('release-recorded', { releasedAt: '2026-06-15T00:09:00.000Z' }),
    ]);
    expect(submission.releasedAt).toBe('2026-06-15T00:06:00.000Z');
  });

  it('refuses to open a window for a model already released', () => {
    const event = eventFactory();
    const designated = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('submission-submitted', {}),
      event('qualification-started', {}),
      event('release-recorded', { releasedAt: '2026-06-15T00:03:00.000Z' }),
      event('designation-recorded', { determinationId: 'det.1', designated: true }),
    ]);
    const error = refusal(designated, event('window-opened', { capDays: 30 }));
    expect(error.code).toBe('already_released');
    expect(error.message).toContain('early access is for models not yet released');
  });

  it('carries a declared release date into the window, before or after it opens', () => {
    const event = eventFactory();
    const declaredEarly = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('release-date-declared', { declaredReleaseAt: '2026-07-01T00:00:00.000Z' }),
      event('submission-submitted', {}),
      event('qualification-started', {}),
      event('designation-recorded', { determinationId: 'det.1', designated: true }),
      event('window-opened', { capDays: 30 }),
    ]);
    expect(declaredEarly.window?.declaredReleaseAt).toBe('2026-07-01T00:00:00.000Z');
    const { event: next, events } = openWindowHistory();
    const declaredLate = play([
      ...events,
      next('release-date-declared', { declaredReleaseAt: '2026-06-20T00:00:00.000Z' }),
    ]);
    expect(declaredLate.window?.declaredReleaseAt).toBe('2026-06-20T00:00:00.000Z');
    expect(declaredLate.state).toBe('window_open');
  });

  it('accepts expiry only once the window has run out', () => {
    const { event, events } = openWindowHistory();
    const open = play(events);
    const tooSoon = refusal(
      open,
      event('window-closed', { cause: 'expired' }, { at: addDays(events[4]!.at, 19) }),
    );
    expect(tooSoon.code).toBe('window_still_open');
    expect(tooSoon.message).toContain(`closes at ${addDays(events[4]!.at, 20)} (cap)`);
    expect(tooSoon.hint).toContain('ended_early');
    const expired = applySubmissionEvent(
      open,
      event('window-closed', { cause: 'expired' }, { at: addDays(events[4]!.at, 20) }),
    );
    expect(expired.ok && expired.value.effects).toEqual([
      { kind: 'revoke_model_access', submissionId: 'sub.1' },
      { kind: 'purge_access_credential', submissionId: 'sub.1' },
    ]);
  });

  it('purges the credential however the window closes', () => {
    const { event, events } = openWindowHistory();
    const ended = applySubmissionEvent(
      play(events),
      event('window-closed', { cause: 'ended_early' }, { at: addDays(events[4]!.at, 3) }),
    );
    expect(ended.ok && ended.value.effects.map((effect) => effect.kind)).toEqual([
      'revoke_model_access',
      'purge_access_credential',
    ]);
  });

  it('records an early end as the window closing time', () => {
    const { event, events } = openWindowHistory();
    const endedAt = addDays(events[4]!.at, 3);
    const submission = play([
      ...events,
      event('window-closed', { cause: 'ended_early' }, { at: endedAt }),
    ]);
    expect(submission.window?.endedEarlyAt).toBe(endedAt);
  });

  it('withdraws from an open window: revokes access and purges the credential', () => {
    const { event, events } = openWindowHistory();
    const applied = applySubmissionEvent(play(events), event('submission-withdrawn', {}));
    if (!applied.ok) throw applied.error;
    expect(applied.value.submission.state).toBe('withdrawn');
    expect(applied.value.submission.window?.withdrawnAt).toBe(applied.value.submission.withdrawnAt);
    expect(applied.value.effects).toEqual([
      { kind: 'revoke_model_access', submissionId: 'sub.1' },
      { kind: 'purge_access_credential', submissionId: 'sub.1' },
    ]);
  });

  it('accepts a repeated withdrawal (the purge is asked for again) but nothing else after it', () => {
    const event = eventFactory();
    const withdrawn = play([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('submission-withdrawn', {}),
    ]);
    const again = applySubmissionEvent(withdrawn, event('submission-withdrawn', {}));
    expect(again.ok && again.value.effects.map((effect) => effect.kind)).toContain(
      'purge_access_credential',
    );
    expect(again.ok && again.value.submission.withdrawnAt).toBe(withdrawn.withdrawnAt);
    expect(refusal(withdrawn, event('submission-submitted', {})).allowed).toEqual([
      'release-recorded',
      'submission-withdrawn',
    ]);
    expect(
      refusal(
        withdrawn,
        event('release-date-declared', { declaredReleaseAt: '2026-08-01T00:00:00Z' }),
      ).code,
    ).toBe('not_allowed_in_state');
  });
});

describe('late-recorded facts', () => {
  it('bounds a closed window by a withdrawal dated before its end', () => {
    const { event, events } = openWindowHistory();
    const openedAt = events[4]!.at;
    const submission = play([
      ...events,
      event('window-closed', { cause: 'ended_early' }, { at: addDays(openedAt, 3) }),
      event('submission-withdrawn', {}, { at: addDays(openedAt, 1) }),
    ]);
    expect(submission.window?.withdrawnAt).toBe(addDays(openedAt, 1));
    expect(windowClosing(submission.window!)).toEqual({
      closesAt: addDays(openedAt, 1),
      reason: 'withdrawal',
    });
  });

  it('keeps the earliest moment when a withdrawal or a release is recorded again with an earlier date', () => {
    const { event, events } = openWindowHistory();
    const openedAt = events[4]!.at;
    const submission = play([
      ...events,
      event('release-recorded', { releasedAt: addDays(openedAt, 2) }, { at: addDays(openedAt, 2) }),
      event('release-recorded', { releasedAt: addDays(openedAt, 1) }, { at: addDays(openedAt, 3) }),
      event('submission-withdrawn', {}, { at: addDays(openedAt, 4) }),
      event('submission-withdrawn', {}, { at: addDays(openedAt, 1.5) }),
    ]);
    expect(submission.releasedAt).toBe(addDays(openedAt, 1));
    expect(submission.window?.releasedAt).toBe(addDays(openedAt, 1));
    expect(submission.withdrawnAt).toBe(addDays(openedAt, 1.5));
    expect(windowClosing(submission.window!).reason).toBe('release');
  });
});

describe('replaySubmission', () => {
  it('names the event that does not replay', () => {
    const event = eventFactory();
    const replayed = replaySubmission([
      event('submission-drafted', { developerOrganisationId: 'dev.acme', modelId: 'model.x' }),
      event('report-issued', { reportId: 'r' }),
    ]);
    expect(replayed.ok).toBe(false);
    if (!replayed.ok) {
      expect(replayed.error.eventIndex).toBe(1);
      expect(replayed.error.error.code).toBe('not_allowed_in_state');
    }
  });

  it('refuses an empty stream', () => {
    const replayed = replaySubmission([]);
    expect(!replayed.ok && replayed.error.error.code).toBe('no_submission');
  });
});

describe('submissionStateAt', () => {
  it('shows an open window as closed once its time has run out, before anyone records it', () => {
    const { events } = openWindowHistory();
    const open = play(events);
    expect(submissionStateAt(open, addDays(events[4]!.at, 19))).toBe('window_open');
    expect(submissionStateAt(open, addDays(events[4]!.at, 20))).toBe('window_closed');
    expect(submissionStateAt({ ...open, state: 'designated' }, addDays(events[4]!.at, 40))).toBe(
      'designated',
    );
  });
});
