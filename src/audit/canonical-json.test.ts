import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { thrown } from '../../test/support/errors.js';
import { canonicalJson } from './canonical-json.js';
import { CanonicalJsonError } from './errors/canonical-json-error.js';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5, '\u{1F600}': 6, '\uFB33': 7 })).toBe(
      '{"10":4,"9":5,"Z":3,"z":2,"é":1,"\u{1F600}":6,"\uFB33":7}',
    );
  });

  it('writes numbers in the shortest form that reads back the same', () => {
    expect(canonicalJson([0, -0, 1, -1.5, 0.1, 1e21, 1e-7, 123456789012345680000, 5e-324])).toBe(
      '[0,0,1,-1.5,0.1,1e+21,1e-7,123456789012345680000,5e-324]',
    );
  });

  it('escapes strings as JSON.stringify does, lone surrogates included', () => {
    expect(canonicalJson('a"b\\c\n\u0000\ud800')).toBe('"a\\"b\\\\c\\n\\u0000\\ud800"');
  });

  it('leaves out object members that are undefined', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it.each([
    ['NaN', { n: Number.NaN }, '$.n'],
    ['Infinity', [1, Number.POSITIVE_INFINITY], '$[1]'],
    ['a bigint', { big: 10n }, '$.big'],
    ['a Date', { when: new Date(0) }, '$.when'],
    ['a Map', { map: new Map() }, '$.map'],
    ['undefined in an array', [undefined], '$[0]'],
    ['a function', { run: () => 1 }, '$.run'],
  ])('refuses %s, naming where it is', (_, value, path) => {
    const error = thrown(() => canonicalJson(value));
    expect(error).toBeInstanceOf(CanonicalJsonError);
    expect((error as CanonicalJsonError).path).toBe(path);
  });

  it('refuses a value that contains itself', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(thrown(() => canonicalJson(cycle))).toBeInstanceOf(CanonicalJsonError);
  });

  it('gives one text per value: key order does not matter, and a round trip changes nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          const reversed = Object.fromEntries(Object.entries(value).reverse());
          expect(canonicalJson(reversed)).toBe(text);
        }
      }),
    );
  });
});
