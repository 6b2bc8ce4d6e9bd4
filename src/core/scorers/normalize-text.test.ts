import { describe, expect, it } from 'vitest';
import { ScorerError } from '../errors/scorer-error.js';
import { normalizeText, requireTargets, stripSurroundingPunctuation } from './normalize-text.js';

describe('normalizeText', () => {
  it('trims, collapses whitespace, lower-cases and strips a trailing period', () => {
    expect(normalizeText('  The   Eiffel\n\tTower. ')).toBe('the eiffel tower');
  });

  it('strips quotes, brackets and markdown emphasis around the text', () => {
    expect(normalizeText('"Paris!"')).toBe('paris');
    expect(normalizeText('**(B)**.')).toBe('b');
    expect(normalizeText('[42]')).toBe('42');
  });

  it('keeps punctuation inside the text and brackets that do not wrap all of it', () => {
    expect(normalizeText("O'Brien, J.")).toBe("o'brien, j");
    expect(normalizeText('(a) or (b)')).toBe('(a) or (b)');
    expect(normalizeText('f(x)')).toBe('f(x)');
  });

  it('keeps the sign and leading point of a number', () => {
    expect(normalizeText('-5.')).toBe('-5');
    expect(normalizeText('.5')).toBe('.5');
  });

  it('honours ignoreCase and ignorePunctuation set to false', () => {
    expect(normalizeText(' Paris. ', { ignoreCase: false })).toBe('Paris');
    expect(normalizeText(' Paris. ', { ignorePunctuation: false })).toBe('paris.');
  });

  it('stripSurroundingPunctuation leaves inner text alone', () => {
    expect(stripSurroundingPunctuation('...a.b...')).toBe('a.b');
  });
});

describe('requireTargets', () => {
  it('drops blank targets', () => {
    expect(requireTargets('exact', ['', 'Paris', '  '])).toEqual(['Paris']);
  });

  it('throws a ScorerError when no target is left', () => {
    expect(() => requireTargets('exact', [])).toThrow(ScorerError);
    expect(() => requireTargets('includes', [' '])).toThrow(
      'scorer includes: the sample has no target',
    );
  });
});
