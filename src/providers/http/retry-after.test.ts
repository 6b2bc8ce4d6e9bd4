import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './retry-after.js';

describe('retryAfterMs', () => {
  // 2015-10-21T07:27:30Z
  const now = Date.UTC(2015, 9, 21, 7, 27, 30);

  it.each<[string, Record<string, string>, number]>([
    ['retry-after-ms', { 'retry-after-ms': '1500' }, 1_500],
    ['retry-after-ms before retry-after', { 'retry-after-ms': '250', 'retry-after': '9' }, 250],
    ['retry-after-ms of zero', { 'retry-after-ms': '0' }, 0],
    ['retry-after seconds', { 'retry-after': '7' }, 7_000],
    ['retry-after fractional seconds', { 'retry-after': '0.5' }, 500],
    ['retry-after as an HTTP date', { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, 30_000],
    ['retry-after as a past HTTP date', { 'retry-after': 'Wed, 21 Oct 2015 07:00:00 GMT' }, 0],
    ['x-ratelimit-reset-requests 6m0s', { 'x-ratelimit-reset-requests': '6m0s' }, 360_000],
    ['x-ratelimit-reset-requests 1s', { 'x-ratelimit-reset-requests': '1s' }, 1_000],
    ['x-ratelimit-reset-requests 20ms', { 'x-ratelimit-reset-requests': '20ms' }, 20],
    [
      'x-ratelimit-reset-requests 1h2m3.5s',
      { 'x-ratelimit-reset-requests': '1h2m3.5s' },
      3_723_500,
    ],
    ['x-ratelimit-reset-tokens 2.5s', { 'x-ratelimit-reset-tokens': '2.5s' }, 2_500],
    [
      'requests reset before tokens reset',
      { 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' },
      1_000,
    ],
    [
      'retry-after before x-ratelimit',
      { 'retry-after': '2', 'x-ratelimit-reset-requests': '6m0s' },
      2_000,
    ],
    [
      'garbage retry-after falls through to x-ratelimit',
      { 'retry-after': 'soon', 'x-ratelimit-reset-requests': '1s' },
      1_000,
    ],
    [
      'anthropic requests reset',
      { 'anthropic-ratelimit-requests-reset': '2015-10-21T07:28:00Z' },
      30_000,
    ],
    [
      'anthropic tokens reset',
      { 'anthropic-ratelimit-tokens-reset': '2015-10-21T07:27:45.500Z' },
      15_500,
    ],
    [
      'anthropic reset in the past',
      { 'anthropic-ratelimit-requests-reset': '2015-10-21T07:27:00Z' },
      0,
    ],
  ])('%s', (_label, headers, expected) => {
    expect(retryAfterMs(headers, now)).toBe(expected);
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['no headers', {}],
    ['an undefined header', { 'retry-after': undefined }],
    ['retry-after: soon', { 'retry-after': 'soon' }],
    ['an empty retry-after', { 'retry-after': '' }],
    ['retry-after-ms: abc', { 'retry-after-ms': 'abc' }],
    ['a negative retry-after-ms', { 'retry-after-ms': '-5' }],
    ['x-ratelimit-reset-requests in words', { 'x-ratelimit-reset-requests': '6 minutes' }],
    ['x-ratelimit-reset-requests with trailing junk', { 'x-ratelimit-reset-requests': '1sx' }],
    ['x-ratelimit-reset-requests without a unit', { 'x-ratelimit-reset-requests': '60' }],
    ['an anthropic reset that is not a date', { 'anthropic-ratelimit-requests-reset': 'later' }],
  ])('is undefined for %s', (_label, headers) => {
    expect(retryAfterMs(headers, now)).toBeUndefined();
  });

  it('measures an HTTP date against the real clock by default', () => {
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    const wait = retryAfterMs({ 'retry-after': inOneMinute });
    expect(wait).toBeGreaterThan(55_000);
    expect(wait).toBeLessThanOrEqual(60_000);
  });
});
