import { describe, expect, it } from 'vitest';
import { parseInspectJson, toInspectJson } from './inspect-json.js';

describe('Inspect JSON with non-finite constants', () => {
  it('writes NaN and infinities as bare constants and reads them back', () => {
    const value = { a: Number.NaN, b: [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], c: 1 };
    const text = toInspectJson(value);
    expect(text).toBe('{"a":NaN,"b":[Infinity,-Infinity],"c":1}');
    const back = parseInspectJson(text) as typeof value;
    expect(back.a).toBeNaN();
    expect(back.b).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
    expect(back.c).toBe(1);
  });

  it('leaves the same words inside strings alone', () => {
    const value = { text: 'NaN and Infinity and -Infinity "quoted" \\ NaN', n: Number.NaN };
    const back = parseInspectJson(toInspectJson(value)) as typeof value;
    expect(back.text).toBe(value.text);
    expect(back.n).toBeNaN();
    expect(toInspectJson({ text: 'NaN' })).toBe('{"text":"NaN"}');
  });

  it('is plain JSON when there is nothing non-finite, and refuses what is not JSON', () => {
    expect(parseInspectJson('{"x":[1,2,"NaN"]}')).toEqual({ x: [1, 2, 'NaN'] });
    expect(() => parseInspectJson('{"x": NaN')).toThrow(SyntaxError);
    expect(() => parseInspectJson('{"x": nan}')).toThrow(SyntaxError);
  });
});
