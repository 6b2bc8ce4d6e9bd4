import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import { zstdRawFrame, zstdTwoFrames } from './zip-fixture.js';

const encoder = new TextEncoder();

describe('the hand-made Zstandard fixture', () => {
  it('decodes with fzstd, in one frame or two, and across 128 KiB blocks', () => {
    const text = encoder.encode('x'.repeat(300_000) + 'end');
    expect(Buffer.from(decompress(zstdRawFrame(text))).equals(Buffer.from(text))).toBe(true);
    expect(Buffer.from(decompress(zstdTwoFrames(text))).equals(Buffer.from(text))).toBe(true);
  });
});
