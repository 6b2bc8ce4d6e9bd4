import { describe, expect, it } from 'vitest';
import { criteriaDeadlineStatus, programmeStartAt } from './criteria-deadline.js';

describe('criteriaDeadlineStatus', () => {
  it('puts the deadline 60 days after the order: 1 August 2026', () => {
    const status = criteriaDeadlineStatus({ startAt: programmeStartAt, now: programmeStartAt });
    expect(status).toEqual({
      status: 'pending',
      deadlineAt: '2026-08-01T00:00:00.000Z',
      daysRemaining: 60,
    });
  });

  it('counts a part of a day left as a day remaining', () => {
    expect(
      criteriaDeadlineStatus({ startAt: programmeStartAt, now: '2026-07-31T23:00:00Z' }),
    ).toMatchObject({
      status: 'pending',
      daysRemaining: 1,
    });
  });

  it('is overdue from the deadline on, counting whole days past', () => {
    expect(
      criteriaDeadlineStatus({ startAt: programmeStartAt, now: '2026-08-01T00:00:00.000Z' }),
    ).toMatchObject({
      status: 'overdue',
      daysOverdue: 0,
    });
    expect(
      criteriaDeadlineStatus({ startAt: programmeStartAt, now: '2026-08-11T06:00:00.000Z' }),
    ).toMatchObject({
      status: 'overdue',
      daysOverdue: 10,
    });
  });

  it('is met when a version became active in time, and late otherwise', () => {
    expect(
      criteriaDeadlineStatus({
        startAt: programmeStartAt,
        now: '2026-09-01T00:00:00Z',
        firstActivatedAt: '2026-07-20T00:00:00.000Z',
      }),
    ).toEqual({
      status: 'met',
      deadlineAt: '2026-08-01T00:00:00.000Z',
      metAt: '2026-07-20T00:00:00.000Z',
    });
    expect(
      criteriaDeadlineStatus({
        startAt: programmeStartAt,
        now: '2026-09-01T00:00:00Z',
        firstActivatedAt: '2026-08-03T12:00:00.000Z',
      }),
    ).toMatchObject({ status: 'met_late', daysLate: 3 });
  });

  it('takes another period when given one', () => {
    expect(
      criteriaDeadlineStatus({
        startAt: programmeStartAt,
        now: programmeStartAt,
        deadlineDays: 30,
      }),
    ).toMatchObject({
      deadlineAt: '2026-07-02T00:00:00.000Z',
      daysRemaining: 30,
    });
  });
});
