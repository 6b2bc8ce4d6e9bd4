import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatteryMetrics } from '../criteria/battery-metrics.js';
import { seedAgencies } from '../organisation/seed-agencies.js';
import { lifecycleArbitrary, playLifecycle } from '../testing/lifecycle-arbitrary.js';
import {
  acmeMarking,
  acmeModel,
  makeUser,
  sampleCriteria,
  signedCriteria,
  testNow,
} from '../testing/programme-fixtures.js';
import { designationEvent } from './designation-event.js';
import { recordDetermination, type DeterminationInput } from './record-determination.js';
import { sanitiseDetermination } from './sanitise-determination.js';
import { informationNotPermission, sanitisedDeterminationSchema } from './determination.js';

const adjudicator = makeUser('adjudicator');
const strong: BatteryMetrics = {
  'cyber.vuln_discovery.pass_at_1': { value: 0.41, lower: 0.33, upper: 0.49 },
  'cyber.ctf.pass_at_12': { value: 0.18, lower: 0.11, upper: 0.26 },
};

function input(overrides: Partial<DeterminationInput> = {}): DeterminationInput {
  return {
    id: 'det.1',
    model: acmeModel,
    criteria: signedCriteria(),
    agencies: seedAgencies,
    metrics: strong,
    facts: { training_compute_flop: 4e26 },
    runIds: ['run.1', 'run.2'],
    inputMarking: acmeMarking(),
    ...overrides,
  };
}

function record(overrides: Partial<DeterminationInput> = {}) {
  const recorded = recordDetermination(input(overrides), adjudicator, testNow);
  if (!recorded.ok) throw recorded.error;
  return recorded.value;
}

describe('recordDetermination', () => {
  it('seals inputs, criteria version, outcome, adjudicator and time', () => {
    const determination = record();
    expect(determination).toMatchObject({
      id: 'det.1',
      modelId: acmeModel.id,
      developerOrganisationId: 'dev.acme',
      inputs: {
        metrics: strong,
        facts: { training_compute_flop: 4e26 },
        runIds: ['run.1', 'run.2'],
      },
      evaluation: { criteriaVersionId: 'criteria.v1', outcome: 'designate' },
      adjudicatorId: adjudicator.id,
      determinedAt: testNow,
    });
    expect(determination.submissionId).toBeUndefined();
    // The higher of the criteria's and the inputs' markings, sealed.
    expect(determination.marking).toEqual({
      level: 'SECRET',
      compartments: ['CRITERIA', 'DEV-ACME'],
      controls: ['PROPRIETARY', 'SEALED'],
      ownerId: 'agency.treasury',
    });
  });

  it('designates a model whose developer never opted in', () => {
    expect(record({ submission: undefined }).evaluation.outcome).toBe('designate');
  });

  it('links the submission when there is one, and refuses another model’s submission', () => {
    const [first] = playLifecycle([]);
    const own = { ...first!.submission, modelId: acmeModel.id };
    expect(record({ submission: own }).submissionId).toBe(own.id);
    const refused = recordDetermination(
      input({ submission: first!.submission }),
      adjudicator,
      testNow,
    );
    expect(!refused.ok && refused.error.code).toBe('submission_for_other_model');
  });

  it('records insufficient evidence as a determination of its own', () => {
    const determination = record({
      metrics: { 'cyber.ctf.pass_at_12': strong['cyber.ctf.pass_at_12']! },
    });
    expect(determination.evaluation.outcome).toBe('insufficient_evidence');
    expect(determination.evaluation.missingInputs).toEqual(['cyber.vuln_discovery.pass_at_1']);
  });

  it('refuses anyone but the adjudicator, inactive criteria and bad facts', () => {
    const byCoordinator = recordDetermination(input(), makeUser('coordinator'), testNow);
    expect(!byCoordinator.ok && byCoordinator.error.code).toBe('not_an_adjudicator');
    const unsigned = recordDetermination(
      input({ criteria: sampleCriteria() }),
      adjudicator,
      testNow,
    );
    expect(!unsigned.ok && unsigned.error.code).toBe('criteria_not_active');
    expect(!unsigned.ok && unsigned.error.message).toContain(
      'agency.treasury, agency.war-nsa, agency.cisa',
    );
    const badFacts = recordDetermination(
      input({ facts: { open_weights: 'no' } }),
      adjudicator,
      testNow,
    );
    expect(!badFacts.ok && badFacts.error.code).toBe('criteria_failed');
  });

  it('never depends on the developer’s participation records', () => {
    const metricArbitrary = fc
      .tuple(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
      )
      .map(([value, half]) => ({
        value,
        lower: Math.max(0, value - half),
        upper: Math.min(1, value + half),
      }));
    const metricsArbitrary = fc.record(
      {
        'cyber.vuln_discovery.pass_at_1': metricArbitrary,
        'cyber.ctf.pass_at_12': metricArbitrary,
        'cyber.ot.pass_at_1': metricArbitrary,
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(metricsArbitrary, lifecycleArbitrary, fc.nat(), (metrics, steps, pick) => {
        const withoutSubmission = record({
          metrics: metrics,
          submission: undefined,
        });
        const reached = playLifecycle(steps);
        const participation = reached[pick % reached.length]!.submission;
        const withSubmission = record({
          metrics: metrics,
          submission: { ...participation, modelId: acmeModel.id },
        });
        return (
          JSON.stringify(withSubmission.evaluation) === JSON.stringify(withoutSubmission.evaluation)
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('sanitiseDetermination', () => {
  it('gives the developer the status and the information-not-permission statement only', () => {
    const release = sanitiseDetermination(record());
    expect(release).toEqual({
      determinationId: 'det.1',
      modelId: acmeModel.id,
      determinedAt: testNow,
      status: 'designated',
      statement: informationNotPermission,
    });
    expect(sanitisedDeterminationSchema.parse(release)).toEqual(release);
    expect(release.statement).toContain('information, not permission');
  });

  it('maps alert and none to not designated, and keeps insufficient evidence', () => {
    const weak = {
      'cyber.vuln_discovery.pass_at_1': { value: 0.1, lower: 0.05, upper: 0.15 },
      'cyber.ctf.pass_at_12': { value: 0.12, lower: 0.1, upper: 0.14 },
    };
    expect(record({ metrics: weak }).evaluation.outcome).toBe('alert');
    expect(sanitiseDetermination(record({ metrics: weak })).status).toBe('not_designated');
    expect(sanitiseDetermination(record({ metrics: {} })).status).toBe('insufficient_evidence');
  });

  it('never contains thresholds, rule text, rule ids or metric values', () => {
    const criteria = signedCriteria();
    const forbidden = [...criteria.tiers.alert, ...criteria.tiers.designate].flatMap((rule) => [
      rule.id,
      rule.expression,
      ...(rule.expression.match(/[0-9]+\.[0-9]+/g) ?? []),
    ]);
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (vuln, ctf) => {
          const determination = record({
            metrics: {
              'cyber.vuln_discovery.pass_at_1': { value: vuln, lower: vuln, upper: vuln },
              'cyber.ctf.pass_at_12': { value: ctf, lower: ctf, upper: ctf },
            },
          });
          const release = sanitiseDetermination(determination);
          const text = JSON.stringify(release);
          return (
            Object.keys(release).sort().join(',') ===
              'determinationId,determinedAt,modelId,statement,status' &&
            forbidden.every((secret) => !text.includes(secret)) &&
            !text.includes('cyber.') &&
            !text.includes('alert')
          );
        },
      ),
    );
  });
});

describe('designationEvent', () => {
  it('turns a determination with a submission into the designation-recorded event', () => {
    const [first] = playLifecycle([]);
    const determination = record({ submission: { ...first!.submission, modelId: acmeModel.id } });
    const event = designationEvent(determination, adjudicator.id, testNow);
    expect(event.ok && event.value).toEqual({
      type: 'designation-recorded',
      submissionId: first!.submission.id,
      actorId: adjudicator.id,
      at: testNow,
      reason: 'determination det.1',
      determinationId: 'det.1',
      designated: true,
    });
  });

  it('refuses without a submission, and on insufficient evidence', () => {
    const alone = designationEvent(record(), adjudicator.id, testNow);
    expect(!alone.ok && alone.error.code).toBe('no_submission');
    const [first] = playLifecycle([]);
    const thin = record({
      metrics: {},
      submission: { ...first!.submission, modelId: acmeModel.id },
    });
    const refused = designationEvent(thin, adjudicator.id, testNow);
    expect(!refused.ok && refused.error.code).toBe('insufficient_evidence');
    expect(!refused.ok && refused.error.hint).toContain('run the battery');
  });
});
