import { addDays, dayMs, toEpochMs, type Timestamp } from '../time/timestamp.js';

/** The order gives the agencies 60 days from its signing to produce the criteria. */
export const criteriaDeadlineDays = 60;

/** The programme's start: the order was signed on Tuesday 2 June 2026 (counted from UTC midnight). */
export const programmeStartAt: Timestamp = '2026-06-02T00:00:00.000Z';

/** Where the criteria deadline stands, for display. */
export type CriteriaDeadlineStatus =
  | { readonly status: 'pending'; readonly deadlineAt: Timestamp; readonly daysRemaining: number }
  | { readonly status: 'overdue'; readonly deadlineAt: Timestamp; readonly daysOverdue: number }
  | { readonly status: 'met'; readonly deadlineAt: Timestamp; readonly metAt: Timestamp }
  | {
      readonly status: 'met_late';
      readonly deadlineAt: Timestamp;
      readonly metAt: Timestamp;
      readonly daysLate: number;
    };

/**
 * Days remaining (rounded up: any part of a day left counts) or days overdue (whole days past)
 * at `now`; once a version is active, whether that was on time.
 */
export function criteriaDeadlineStatus(options: {
  readonly startAt: Timestamp;
  readonly now: Timestamp;
  readonly firstActivatedAt?: Timestamp | undefined;
  readonly deadlineDays?: number;
}): CriteriaDeadlineStatus {
  const deadlineAt = addDays(options.startAt, options.deadlineDays ?? criteriaDeadlineDays);
  const deadlineMs = toEpochMs(deadlineAt);
  if (options.firstActivatedAt !== undefined) {
    const lateMs = toEpochMs(options.firstActivatedAt) - deadlineMs;
    return lateMs <= 0
      ? { status: 'met', deadlineAt, metAt: options.firstActivatedAt }
      : {
          status: 'met_late',
          deadlineAt,
          metAt: options.firstActivatedAt,
          daysLate: Math.ceil(lateMs / dayMs),
        };
  }
  const remainingMs = deadlineMs - toEpochMs(options.now);
  return remainingMs > 0
    ? { status: 'pending', deadlineAt, daysRemaining: Math.ceil(remainingMs / dayMs) }
    : {
        status: 'overdue',
        deadlineAt,
        daysOverdue: Math.floor((toEpochMs(options.now) - deadlineMs) / dayMs),
      };
}
