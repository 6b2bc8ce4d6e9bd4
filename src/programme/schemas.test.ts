import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { determinationSchema } from './determination/determination.js';
import { recordDetermination } from './determination/record-determination.js';
import { seedAgencies } from './organisation/seed-agencies.js';
import { submissionSchema } from './submission/submission.js';
import { submissionEventSchema } from './submission/submission-event.js';
import { lifecycleArbitrary, playLifecycle } from './testing/lifecycle-arbitrary.js';
import {
  acmeMarking,
  acmeModel,
  makeUser,
  signedCriteria,
  testNow,
} from './testing/programme-fixtures.js';

const released = {
  type: 'release-recorded',
  submissionId: 'sub.1',
  actorId: 'user.developer_admin',
  at: '2026-07-01T09:00:00-04:00',
  reason: 'general availability',
  releasedAt: '2026-07-01T08:00:00-04:00',
};

describe('schemas for what arrives from outside and what is stored', () => {
  it('parses a submission event and normalises its times', () => {
    expect(submissionEventSchema.parse(released)).toEqual({
      ...released,
      at: '2026-07-01T13:00:00.000Z',
      releasedAt: '2026-07-01T12:00:00.000Z',
    });
  });

  it('refuses events of unknown type, without reason or actor, with bad times or stray fields', () => {
    expect(submissionEventSchema.safeParse({ ...released, type: 'release-approved' }).success).toBe(
      false,
    );
    expect(
      submissionEventSchema.safeParse({ ...released, reason: '' }).error?.issues[0]?.message,
    ).toBe('write a few words; it cannot be empty');
    expect(submissionEventSchema.safeParse({ ...released, actorId: undefined }).success).toBe(
      false,
    );
    expect(submissionEventSchema.safeParse({ ...released, at: 'yesterday' }).success).toBe(false);
    expect(submissionEventSchema.safeParse({ ...released, approvedBy: 'someone' }).success).toBe(
      false,
    );
    expect(
      submissionEventSchema
        .safeParse({ ...released, type: 'window-opened', capDays: 90, releasedAt: undefined })
        .error?.issues.map((issue) => issue.message),
    ).toContain('a window cap of 90 days exceeds the 30-day hard cap; set 30 or fewer');
  });

  it('round-trips every submission the lifecycle can reach through the stored schema', () => {
    fc.assert(
      fc.property(lifecycleArbitrary, (steps) => {
        playLifecycle(steps).forEach(({ submission }) => {
          expect(submissionSchema.parse(submission)).toEqual(submission);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips a recorded determination through the stored schema', () => {
    const recorded = recordDetermination(
      {
        id: 'det.1',
        model: acmeModel,
        criteria: signedCriteria(),
        agencies: seedAgencies,
        metrics: { 'cyber.ctf.pass_at_12': { value: 0.3, lower: 0.2, upper: 0.4 } },
        facts: {},
        runIds: ['run.1'],
        inputMarking: acmeMarking(),
      },
      makeUser('adjudicator'),
      testNow,
    );
    if (!recorded.ok) throw recorded.error;
    expect(determinationSchema.parse(recorded.value)).toEqual(recorded.value);
  });
});
