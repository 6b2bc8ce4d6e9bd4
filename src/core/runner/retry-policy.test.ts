import { describe, expect, it } from 'vitest';
import { defaultRetryPolicy, retryDelayMs } from './retry-policy.js';

const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('retryDelayMs', () => {
  it('backs off exponentially with full jitter in the upper half, capped', () => {
    expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(50);
    expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(100);
    expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(400);
    expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(1000);
    expect(retryDelayMs(10, policy, undefined, () => 0)).toBe(500);
  });

  it("honours the endpoint's Retry-After with up to 10% jitter, within a ceiling", () => {
    expect(retryDelayMs(1, policy, 2000, () => 0)).toBe(2000);
    expect(retryDelayMs(1, policy, 2000, () => 1)).toBe(2200);
    expect(retryDelayMs(1, policy, 60_000, () => 0)).toBe(5000);
    expect(retryDelayMs(1, policy, -5, () => 0)).toBe(0);
  });

  it('has bounded defaults', () => {
    expect(defaultRetryPolicy.maxRetries).toBeGreaterThan(0);
    expect(defaultRetryPolicy.maxDelayMs).toBeLessThanOrEqual(60_000);
  });
});
