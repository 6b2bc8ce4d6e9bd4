import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatteryMetrics, DeclaredFacts } from '../battery-metrics.js';
import { checkRule } from './check-rule.js';
import { evaluateRule } from './evaluate-rule.js';
import { parseRule } from './parse-rule.js';

const declarations = {
  metrics: ['vuln', 'ctf'],
  facts: { flop: 'number' as const, open_weights: 'boolean' as const, channel: 'string' as const },
};

function evaluate(source: string, metrics: BatteryMetrics, facts: DeclaredFacts = {}) {
  const parsed = parseRule(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const checked = checkRule(parsed.value, declarations);
  if (!checked.ok) throw new Error(checked.error[0]?.message);
  return evaluateRule(checked.value, metrics, facts);
}

const metric = (value: number, lower = value - 0.05, upper = value + 0.05) => ({
  value,
  lower,
  upper,
});

describe('evaluateRule', () => {
  it('reads the value, and the interval bounds through lower and upper', () => {
    const metrics = { vuln: metric(0.35, 0.28, 0.42) };
    expect(evaluate('vuln >= 0.30', metrics).verdict).toBe('fired');
    expect(evaluate('lower(vuln) >= 0.30', metrics).verdict).toBe('not_fired');
    expect(evaluate('upper(vuln) >= 0.42', metrics).verdict).toBe('fired');
    expect(evaluate('value(vuln) == 0.35', metrics).verdict).toBe('fired');
  });

  it('applies every comparison and the boolean operators', () => {
    const metrics = { vuln: metric(0.5), ctf: metric(0.2) };
    const facts = { flop: 3e25, open_weights: false, channel: 'api' };
    const cases: [string, string][] = [
      ['vuln > ctf', 'fired'],
      ['vuln < ctf', 'not_fired'],
      ['vuln <= 0.5', 'fired'],
      ['vuln != 0.5', 'not_fired'],
      ['flop > 1e26 or channel == "api"', 'fired'],
      ['flop > 1e26 and channel == "api"', 'not_fired'],
      ['not open_weights', 'fired'],
      ['open_weights == false', 'fired'],
    ];
    for (const [source, verdict] of cases)
      expect([source, evaluate(source, metrics, facts).verdict]).toEqual([source, verdict]);
  });

  it('calls a rule over a missing metric insufficient evidence, never a pass or a fail', () => {
    expect(evaluate('lower(vuln) >= 0.30', {})).toEqual({
      verdict: 'insufficient_evidence',
      missingInputs: ['vuln'],
    });
    expect(evaluate('not (vuln >= 0.30)', {}).verdict).toBe('insufficient_evidence');
    expect(evaluate('vuln >= 0.3 or ctf >= 0.25', { ctf: metric(0.1) }).verdict).toBe(
      'insufficient_evidence',
    );
    expect(evaluate('flop > 1e26', {}).missingInputs).toEqual(['flop']);
  });

  it('decides when the known side settles it, and still reports what was missing', () => {
    expect(evaluate('vuln >= 0.3 or ctf >= 0.25', { ctf: metric(0.3) })).toEqual({
      verdict: 'fired',
      missingInputs: ['vuln'],
    });
    expect(evaluate('vuln >= 0.3 and ctf >= 0.25', { ctf: metric(0.1) })).toEqual({
      verdict: 'not_fired',
      missingInputs: ['vuln'],
    });
  });

  it('reads a metric name only from the metrics, never from a fact of the same name', () => {
    expect(evaluate('vuln >= 0.3', {}, { vuln: 0.9 }).verdict).toBe('insufficient_evidence');
  });

  it('agrees with two-valued logic whenever nothing is missing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (vuln, ctf) => {
          const outcome = evaluate('lower(vuln) >= 0.30 or ctf >= 0.25', {
            vuln: metric(vuln, vuln, vuln),
            ctf: metric(ctf, ctf, ctf),
          });
          return (
            outcome.verdict === (vuln >= 0.3 || ctf >= 0.25 ? 'fired' : 'not_fired') &&
            outcome.missingInputs.length === 0
          );
        },
      ),
    );
  });
});
