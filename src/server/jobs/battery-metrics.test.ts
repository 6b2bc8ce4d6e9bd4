import { describe, expect, it } from 'vitest';
import type { ScorerMetrics } from '../../core/metrics/metric-value.js';
import { batteryMetricsOf } from './battery-metrics.js';

const proportion = (scorer: string, reducer: string, value: number): ScorerMetrics => ({
  scorer,
  reducer,
  scoredSamples: 10,
  unscoredSamples: 0,
  metrics: {
    accuracy: { value, stderr: 0.1, ci95: [value - 0.2, value + 0.1], ciMethod: 'wilson' },
  },
});

describe('batteryMetricsOf', () => {
  it('names a single scorer’s metric after the task, with its interval', () => {
    expect(batteryMetricsOf('cyber.knowledge', [proportion('choice', 'mean', 0.7)])).toEqual({
      'cyber.knowledge.accuracy': {
        value: 0.7,
        lower: 0.49999999999999994,
        upper: 0.7999999999999999,
      },
    });
  });

  it('names a proportion reduced over epochs after its reducer, and keeps scorers apart', () => {
    const metrics = batteryMetricsOf('cyber.ctf', [
      proportion('flag', 'pass_at_5', 0.4),
      proportion('subtasks', 'mean', 0.6),
    ]);
    expect(Object.keys(metrics).sort()).toEqual([
      'cyber.ctf.flag.pass_at_5',
      'cyber.ctf.subtasks.accuracy',
    ]);
  });

  it('keeps the interval around the value even when the estimate sits outside it', () => {
    const odd: ScorerMetrics = {
      ...proportion('s', 'mean', 0.9),
      metrics: { accuracy: { value: 0.9, stderr: null, ci95: [0.1, 0.5], ciMethod: 'wilson' } },
    };
    expect(batteryMetricsOf('Sealed Set', [odd])).toEqual({
      'sealed_set.accuracy': { value: 0.9, lower: 0.1, upper: 0.9 },
    });
  });
});
