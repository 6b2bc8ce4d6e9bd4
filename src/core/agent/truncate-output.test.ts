import { describe, expect, it } from 'vitest';
import { truncateOutput } from './truncate-output.js';

const bytes = (text: string) => new TextEncoder().encode(text).length;

describe('truncateOutput', () => {
  it('leaves text within the limit alone', () => {
    expect(truncateOutput('hello', 5)).toEqual({
      text: 'hello',
      truncated: false,
      omittedBytes: 0,
    });
    expect(truncateOutput('', 0).truncated).toBe(false);
  });

  it('keeps the head and the tail with a marker saying how much was dropped', () => {
    const text = `${'a'.repeat(500)}${'m'.repeat(1000)}${'z'.repeat(500)}`;
    const result = truncateOutput(text, 100);
    expect(result.truncated).toBe(true);
    expect(result.omittedBytes).toBe(1900);
    expect(result.text).toBe(
      `${'a'.repeat(50)}\n[output truncated: 1900 bytes omitted]\n${'z'.repeat(50)}`,
    );
  });

  it('counts UTF-8 bytes and never splits a character', () => {
    const text = 'é'.repeat(100); // two bytes each
    const result = truncateOutput(text, 11);
    expect(result.truncated).toBe(true);
    const [head, tail] = result.text.split(/\n\[output truncated: \d+ bytes omitted\]\n/u);
    expect(head).toBe('ééé'); // 6 bytes would split the 4th char at byte 6..7: 3 chars fit in 6
    expect(tail).toBe('éé'); // 5 bytes left for the tail: 2 whole chars
    expect(bytes(head!) + bytes(tail!) + result.omittedBytes).toBe(bytes(text));
    expect(result.text).not.toContain('\uFFFD');
  });

  it('rejects a negative limit', () => {
    expect(() => truncateOutput('x', -1)).toThrow(RangeError);
  });
});
