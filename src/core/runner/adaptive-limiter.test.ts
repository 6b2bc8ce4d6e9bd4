import { describe, expect, it } from 'vitest';
import { AdaptiveLimiter } from './adaptive-limiter.js';

describe('AdaptiveLimiter', () => {
  it('admits at most `limit` holders and wakes waiters in order', async () => {
    const limiter = new AdaptiveLimiter(2);
    const order: number[] = [];
    await limiter.acquire();
    await limiter.acquire();
    const waiting = [3, 4, 5].map((id) => limiter.acquire().then(() => order.push(id)));
    expect(limiter.active).toBe(2);
    limiter.release();
    await waiting[0];
    limiter.release();
    limiter.release();
    await Promise.all(waiting);
    expect(order).toEqual([3, 4, 5]);
    expect(limiter.peak).toBe(2);
  });

  it('rejects a waiter whose signal aborts and does not give it a slot', async () => {
    const limiter = new AdaptiveLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiter = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiter).rejects.toThrow('stop');
    limiter.release();
    expect(limiter.active).toBe(0);
  });

  it('halves on a throttle once per cooldown, and grows back by one per `limit` successes', () => {
    let now = 0;
    const limiter = new AdaptiveLimiter(16, { cooldownMs: 1000, now: () => now });
    limiter.onThrottle();
    expect(limiter.limit).toBe(8);
    limiter.onThrottle(); // same burst: no second cut
    expect(limiter.limit).toBe(8);
    now = 1500;
    limiter.onThrottle();
    expect(limiter.limit).toBe(4);
    for (let index = 0; index < 3; index += 1) limiter.onSuccess();
    expect(limiter.limit).toBe(4);
    limiter.onSuccess(); // 4 successes at limit 4
    expect(limiter.limit).toBe(5);
    for (let index = 0; index < 1000; index += 1) limiter.onSuccess();
    expect(limiter.limit).toBe(16); // never above max
  });

  it('never drops below one', () => {
    let now = 0;
    const limiter = new AdaptiveLimiter(2, { cooldownMs: 1, now: () => now });
    for (let index = 0; index < 5; index += 1) {
      now += 10;
      limiter.onThrottle();
    }
    expect(limiter.limit).toBe(1);
  });

  it('refuses a limit below one', () => {
    expect(() => new AdaptiveLimiter(0)).toThrow(RangeError);
  });
});
