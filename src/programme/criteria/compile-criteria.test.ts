import { describe, expect, it } from 'vitest';
import { sampleCriteria } from '../testing/programme-fixtures.js';
import { compileCriteria, describeProblem } from './compile-criteria.js';
import { criteriaVersionSchema } from './criteria-version.js';

describe('compileCriteria', () => {
  it('compiles the sample version: one rule per tier, with the inputs each names', () => {
    const compiled = compileCriteria(sampleCriteria());
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(
      compiled.value.rules.map((rule) => [rule.tier, rule.ruleId, rule.checked.metrics]),
    ).toEqual([
      ['alert', 'ctf-rising', ['cyber.ctf.pass_at_12']],
      ['designate', 'offense-strong', ['cyber.ctf.pass_at_12', 'cyber.vuln_discovery.pass_at_1']],
    ]);
  });

  it('lists every syntax, type and declaration problem with where it is', () => {
    const criteria = sampleCriteria({
      declarations: {
        metrics: ['cyber.ctf.pass_at_12', 'cyber.ctf.pass_at_12', 'open_weights'],
        facts: { open_weights: 'boolean' },
      },
      tiers: {
        alert: [{ id: 'broken', expression: 'cyber.ctf.pass_at_12 >=' }],
        designate: [
          { id: 'broken', expression: 'cyber.ctf.pass_at_12 == true' },
          { id: 'fine', expression: 'cyber.ctf.pass_at_12 >= 0.25' },
        ],
      },
    });
    const compiled = compileCriteria(criteria);
    expect(compiled.ok).toBe(false);
    if (compiled.ok) return;
    expect(compiled.error.map(describeProblem)).toEqual([
      'declarations: metric `cyber.ctf.pass_at_12` is declared twice — declare each metric once',
      'declarations: `open_weights` is declared both as a metric and as a fact — a name is either a battery metric or a declared fact; rename one',
      'declarations: rule id `broken` is used twice — give every rule, in both tiers, its own id',
      'alert rule broken, line 1, column 24: the rule ends after `>=` — add the condition that `>=` applies to',
      'designate rule broken, line 1, column 1: cannot compare a number with a condition (true/false) — compare values of the same type',
    ]);
  });
});

describe('criteriaVersionSchema', () => {
  it('accepts the sample and refuses a version without designate rules, bad names or bad rule ids', () => {
    expect(criteriaVersionSchema.safeParse(sampleCriteria()).success).toBe(true);
    const noDesignate = criteriaVersionSchema.safeParse(
      sampleCriteria({ tiers: { alert: [], designate: [] } }),
    );
    expect(noDesignate.error?.issues[0]?.message).toBe(
      'the designate tier needs at least one rule',
    );
    const badName = criteriaVersionSchema.safeParse(
      sampleCriteria({ declarations: { metrics: ['Cyber.CTF'], facts: {} } }),
    );
    expect(badName.error?.issues[0]?.message).toContain('lower-case segments joined by dots');
    const reserved = criteriaVersionSchema.safeParse(
      sampleCriteria({ declarations: { metrics: ['and'], facts: {} } }),
    );
    expect(reserved.error?.issues[0]?.message).toContain('reserved words');
    const badId = criteriaVersionSchema.safeParse(
      sampleCriteria({ tiers: { alert: [], designate: [{ id: 'Rule One', expression: 'true' }] } }),
    );
    expect(badId.error?.issues[0]?.message).toContain('name a rule in lower case');
    const badFactType = criteriaVersionSchema.safeParse({
      ...sampleCriteria(),
      declarations: { metrics: [], facts: { flop: 'float' } },
    });
    expect(badFactType.success).toBe(false);
  });
});
