import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.js';

describe('Semaphore', () => {
  it('admits at most `limit` holders and wakes waiters in order', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    await semaphore.acquire();
    await semaphore.acquire();
    const waiting = [3, 4, 5].map((id) => semaphore.acquire().then(() => order.push(id)));
    expect(semaphore.active).toBe(2);
    semaphore.release();
    await waiting[0];
    semaphore.release();
    semaphore.release();
    await Promise.all(waiting);
    expect(order).toEqual([3, 4, 5]);
    expect(semaphore.peak).toBe(2);
  });

  it('rejects a waiter whose signal aborts and does not give it a slot', async () => {
    const semaphore = new Semaphore(1);
    await semaphore.acquire();
    const controller = new AbortController();
    const waiter = semaphore.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiter).rejects.toThrow('stop');
    semaphore.release();
    expect(semaphore.active).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
