import { describe, expect, it } from 'vitest';
import { checkRule, type RuleDeclarations } from './check-rule.js';
import { parseRule } from './parse-rule.js';

const declarations: RuleDeclarations = {
  metrics: ['cyber.vuln_discovery.pass_at_1', 'cyber.ctf.pass_at_12'],
  facts: { training_compute_flop: 'number', open_weights: 'boolean', release_channel: 'string' },
};

function check(source: string) {
  const parsed = parseRule(source);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return checkRule(parsed.value, declarations);
}

function typeErrors(source: string) {
  const checked = check(source);
  if (checked.ok) throw new Error(`expected ${source} to fail the checker`);
  return checked.error;
}

describe('checkRule', () => {
  it('accepts well-typed rules and lists the metrics and facts they name', () => {
    const checked = check(
      'lower(cyber.vuln_discovery.pass_at_1) >= 0.30 or cyber.ctf.pass_at_12 >= 0.25 and training_compute_flop > 1e26',
    );
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    expect(checked.value.metrics).toEqual([
      'cyber.ctf.pass_at_12',
      'cyber.vuln_discovery.pass_at_1',
    ]);
    expect(checked.value.facts).toEqual(['training_compute_flop']);
    expect(check('open_weights').ok).toBe(true);
    expect(check('open_weights == true and not (release_channel == "api")').ok).toBe(true);
    expect(check('upper(cyber.ctf.pass_at_12) < value(cyber.ctf.pass_at_12)').ok).toBe(true);
  });

  it('refuses comparing a condition with a number', () => {
    expect(typeErrors('open_weights == 1')).toEqual([
      {
        kind: 'type',
        message: 'cannot compare a condition (true/false) with a number',
        hint: 'compare values of the same type',
        line: 1,
        column: 1,
      },
    ]);
    expect(typeErrors('open_weights >= 1')[0]?.message).toBe(
      '`>=` compares numbers, not a condition (true/false)',
    );
    expect(typeErrors('release_channel > "a"')[0]?.hint).toBe(
      'use == or != for strings and conditions',
    );
    expect(typeErrors('cyber.ctf.pass_at_12 == "high"')[0]?.message).toBe(
      'cannot compare a number with a string',
    );
  });

  it('refuses unknown functions and names, suggesting a near miss', () => {
    expect(typeErrors('median(cyber.ctf.pass_at_12) > 0.1')[0]).toMatchObject({
      message: 'unknown function `median`',
      hint: 'the functions are lower, upper, value',
    });
    expect(typeErrors('cyber.ctf.pass_at_21 >= 0.25')[0]).toMatchObject({
      message: 'unknown name `cyber.ctf.pass_at_21`',
      hint: 'did you mean `cyber.ctf.pass_at_12`? Otherwise declare it under metrics or facts',
    });
    expect(typeErrors('elephants > 3')[0]?.hint).toBe(
      'declare it under the version’s metrics or facts',
    );
  });

  it('wants one metric name inside lower, upper and value', () => {
    expect(typeErrors('lower() > 0')[0]?.message).toBe('lower takes exactly one metric');
    expect(typeErrors('lower(cyber.ctf.pass_at_12, cyber.ctf.pass_at_12) > 0')[0]?.message).toBe(
      'lower takes exactly one metric',
    );
    expect(typeErrors('lower(0.3) > 0')[0]?.message).toBe('lower takes a metric name');
    expect(typeErrors('upper(training_compute_flop) > 0')[0]?.message).toContain(
      'is a declared fact (number), not a metric',
    );
    expect(typeErrors('value(nothing) > 0')[0]?.message).toBe('unknown name `nothing`');
  });

  it('wants conditions around and, or and not, and as the whole rule', () => {
    expect(typeErrors('cyber.ctf.pass_at_12 and open_weights')[0]).toMatchObject({
      message: '`and` joins conditions, but this is a metric',
      column: 1,
    });
    expect(typeErrors('not training_compute_flop')[0]?.message).toBe(
      '`not` applies to a condition, not to a number',
    );
    expect(typeErrors('cyber.ctf.pass_at_12')[0]?.message).toBe(
      'a rule must be a condition (true/false), but this is a metric',
    );
    expect(typeErrors('lower(cyber.ctf.pass_at_12)')[0]?.message).toBe(
      'a rule must be a condition (true/false), but this is a number',
    );
    expect(typeErrors('"yes"')[0]?.message).toContain('but this is a string');
  });

  it('reports every independent problem, without cascades', () => {
    const errors = typeErrors('open_weights == 1 or\n  unknown_fact > 2');
    expect(errors.map((error) => [error.line, error.message])).toEqual([
      [1, 'cannot compare a condition (true/false) with a number'],
      [2, 'unknown name `unknown_fact`'],
    ]);
  });

  it('rejects a number too large to be finite', () => {
    expect(typeErrors('training_compute_flop > 1e999')[0]?.message).toBe(
      'this number is too large',
    );
  });
});
