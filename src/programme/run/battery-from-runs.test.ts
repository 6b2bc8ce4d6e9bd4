import { describe, expect, it } from 'vitest';
import { testNow } from '../testing/programme-fixtures.js';
import { batteryFromRuns } from './battery-from-runs.js';
import { evaluationRunSchema, type EvaluationRun } from './evaluation-run.js';

function run(
  id: string,
  status: EvaluationRun['status'],
  metrics: EvaluationRun['metrics'],
): EvaluationRun {
  return {
    id,
    modelId: 'model.x',
    suite: 'cyber.ctf',
    logPath: `logs/${id}.jsonl`,
    status,
    metrics,
    queuedAt: testNow,
  };
}

const estimate = { value: 0.3, lower: 0.2, upper: 0.4 };

describe('batteryFromRuns', () => {
  it('takes the metrics of succeeded runs only', () => {
    const battery = batteryFromRuns([
      run('run.1', 'succeeded', { 'cyber.ctf.pass_at_12': estimate }),
      run('run.2', 'failed', { 'cyber.vuln_discovery.pass_at_1': estimate }),
      run('run.3', 'running', {}),
    ]);
    expect(battery).toEqual({
      ok: true,
      value: { metrics: { 'cyber.ctf.pass_at_12': estimate }, runIds: ['run.1'] },
    });
  });

  it('refuses a metric reported by two runs', () => {
    const battery = batteryFromRuns([
      run('run.1', 'succeeded', { 'cyber.ctf.pass_at_12': estimate }),
      run('run.2', 'succeeded', { 'cyber.ctf.pass_at_12': estimate }),
    ]);
    expect(!battery.ok && battery.error.message).toBe(
      'metric cyber.ctf.pass_at_12 comes from both run run.1 and run run.2',
    );
  });
});

describe('evaluationRunSchema', () => {
  it('links a run to its log and refuses bad statuses and inverted intervals', () => {
    const valid = run('run.1', 'succeeded', { 'cyber.ctf.pass_at_12': estimate });
    expect(evaluationRunSchema.parse(valid)).toEqual(valid);
    expect(evaluationRunSchema.safeParse({ ...valid, status: 'done' }).success).toBe(false);
    expect(
      evaluationRunSchema.safeParse({
        ...valid,
        metrics: { 'cyber.ctf.pass_at_12': { value: 0.5, lower: 0.6, upper: 0.7 } },
      }).error?.issues[0]?.message,
    ).toBe('a metric needs lower ≤ value ≤ upper (the 95% interval around the value)');
    expect(evaluationRunSchema.safeParse({ ...valid, suite: 'CTF suite' }).success).toBe(false);
  });
});
