import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

describe('redactSecrets', () => {
  it('removes every occurrence of each given secret', () => {
    expect(
      redactSecrets('key=hunter2-secret, again: hunter2-secret; other=p4ssw0rd', [
        'hunter2-secret',
        undefined,
        'p4ssw0rd',
      ]),
    ).toBe('key=[redacted], again: [redacted]; other=[redacted]');
  });

  it('removes sk- keys it was not told about', () => {
    expect(
      redactSecrets(
        'Incorrect API key provided: sk-proj-AbC123xyz_-987. Also sk-ant-api03-abcdefghijklmnop.',
        [],
      ),
    ).toBe('Incorrect API key provided: sk-[redacted]. Also sk-[redacted].');
  });

  it('leaves short secrets, short sk- strings and words ending in sk- alone', () => {
    expect(redactSecrets('abc is fine; sk-short; task-12345678', ['abc'])).toBe(
      'abc is fine; sk-short; task-12345678',
    );
  });

  it('redacts a secret that is not sk- shaped inside JSON', () => {
    expect(redactSecrets('{"key":"gsk_live_0000aaaa"}', ['gsk_live_0000aaaa'])).toBe(
      '{"key":"[redacted]"}',
    );
  });
});
