import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clearanceLevels } from '../identity/clearance-level.js';
import { acmeMarking } from '../testing/programme-fixtures.js';
import { deriveMarking } from './derive-marking.js';
import { dominates, isDowngrade } from './dominates.js';
import { disseminationControls, markingSchema, type Marking } from './marking.js';

const markingArbitrary: fc.Arbitrary<Marking> = fc.record({
  level: fc.constantFrom(...clearanceLevels),
  compartments: fc.uniqueArray(fc.constantFrom('DEV-ACME', 'SUB-1', 'SUB-2', 'CRITERIA')),
  controls: fc.uniqueArray(fc.constantFrom(...disseminationControls)),
  ownerId: fc.constant('dev.acme'),
});

describe('markingSchema', () => {
  it('accepts a full marking and normalises its expiry', () => {
    expect(
      markingSchema.parse({ ...acmeMarking(), expiresAt: '2026-07-31T00:00:00+02:00' }).expiresAt,
    ).toBe('2026-07-30T22:00:00.000Z');
  });

  it('refuses unknown levels and controls, lower-case compartments and stray fields', () => {
    expect(
      markingSchema.safeParse({ ...acmeMarking(), level: 'CONFIDENTIAL' }).error?.issues[0]
        ?.message,
    ).toBe('unknown classification level; use one of UNCLASSIFIED < CUI < SECRET < TOP_SECRET');
    expect(
      markingSchema.safeParse({ ...acmeMarking(), controls: ['NOFORN'] }).error?.issues[0]?.message,
    ).toContain('unknown dissemination control');
    expect(
      markingSchema.safeParse({ ...acmeMarking(), compartments: ['dev-acme'] }).error?.issues[0]
        ?.message,
    ).toContain('in capitals');
    expect(markingSchema.safeParse({ ...acmeMarking(), colour: 'red' }).success).toBe(false);
    expect(markingSchema.safeParse({ ...acmeMarking(), expiresAt: 'next week' }).success).toBe(
      false,
    );
  });
});

describe('dominates', () => {
  it('orders by level, compartments and restrictive controls', () => {
    const base = acmeMarking();
    expect(dominates({ ...base, level: 'SECRET' }, base)).toBe(true);
    expect(dominates(base, { ...base, level: 'SECRET' })).toBe(false);
    expect(dominates({ ...base, compartments: ['DEV-ACME', 'SUB-1'] }, base)).toBe(true);
    expect(dominates(base, { ...base, compartments: ['DEV-ACME', 'SUB-1'] })).toBe(false);
    expect(dominates({ ...base, controls: [...base.controls, 'SEALED'] }, base)).toBe(true);
    expect(dominates(base, { ...base, controls: [...base.controls, 'SEALED'] })).toBe(false);
  });

  it('treats a release control the other way: dropping REL-DEVELOPER protects more', () => {
    const released = acmeMarking();
    const unreleased = acmeMarking({ controls: ['PROPRIETARY'] });
    expect(dominates(unreleased, released)).toBe(true);
    expect(dominates(released, unreleased)).toBe(false);
    expect(isDowngrade(unreleased, released)).toBe(true);
    expect(isDowngrade(released, unreleased)).toBe(false);
  });

  it('calls a change that lowers anything a downgrade, even if something else rises', () => {
    const from = acmeMarking({ level: 'SECRET' });
    expect(
      isDowngrade(from, { ...from, level: 'CUI', compartments: [...from.compartments, 'SUB-1'] }),
    ).toBe(true);
    expect(isDowngrade(from, from)).toBe(false);
  });

  it('is a partial order: reflexive, antisymmetric up to sets, transitive', () => {
    fc.assert(
      fc.property(markingArbitrary, markingArbitrary, markingArbitrary, (a, b, c) => {
        if (!dominates(a, a)) return false;
        if (dominates(a, b) && dominates(b, c) && !dominates(a, c)) return false;
        if (dominates(a, b) && dominates(b, a)) {
          return (
            a.level === b.level &&
            [...a.compartments].sort().join() === [...b.compartments].sort().join()
          );
        }
        return true;
      }),
    );
  });
});

describe('deriveMarking', () => {
  it('inherits the highest marking of its inputs', () => {
    const derived = deriveMarking([
      acmeMarking({ expiresAt: '2026-08-01T00:00:00.000Z' }),
      acmeMarking({
        level: 'SECRET',
        compartments: ['SUB-1'],
        controls: ['SEALED'],
        expiresAt: '2026-07-20T00:00:00.000Z',
      }),
    ]);
    expect(derived).toEqual({
      ok: true,
      value: {
        level: 'SECRET',
        compartments: ['DEV-ACME', 'SUB-1'],
        controls: ['PROPRIETARY', 'SEALED'],
        ownerId: 'dev.acme',
        expiresAt: '2026-07-20T00:00:00.000Z',
      },
    });
  });

  it('dominates every input, for any inputs', () => {
    fc.assert(
      fc.property(fc.array(markingArbitrary, { minLength: 1, maxLength: 5 }), (inputs) => {
        const derived = deriveMarking(inputs);
        return derived.ok && inputs.every((input) => dominates(derived.value, input));
      }),
    );
  });

  it('needs an input, and an owner when the inputs disagree', () => {
    const none = deriveMarking([]);
    expect(!none.ok && none.error.code).toBe('no_inputs');
    const mixed = [acmeMarking(), acmeMarking({ ownerId: 'agency.cisa' })];
    const ambiguous = deriveMarking(mixed);
    expect(!ambiguous.ok && ambiguous.error.message).toBe(
      'the inputs have different owners (agency.cisa, dev.acme)',
    );
    const named = deriveMarking(mixed, { ownerId: 'agency.cisa' });
    expect(named.ok && named.value.ownerId).toBe('agency.cisa');
  });
});
