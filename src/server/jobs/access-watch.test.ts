import { describe, expect, it } from 'vitest';
import { watchAccess } from './access-watch.js';

describe('watchAccess', () => {
  it('aborts with the reason once access ends, and not before', async () => {
    let reason: string | undefined;
    const watch = watchAccess(new AbortController().signal, () => Promise.resolve(reason), 10);
    try {
      expect(await watch.check()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(watch.signal.aborted).toBe(false);
      reason = 'the submission was withdrawn';
      await new Promise<void>((resolve) => {
        watch.signal.addEventListener(
          'abort',
          () => {
            resolve();
          },
          { once: true },
        );
      });
      expect(watch.reason()).toBe('the submission was withdrawn');
      expect(await watch.check()).toBe(false);
    } finally {
      watch.stop();
    }
  });

  it('follows the job stopping, without calling it an end of access', async () => {
    const job = new AbortController();
    const watch = watchAccess(job.signal, () => Promise.resolve(undefined), 1000);
    job.abort(new Error('stopping'));
    expect(watch.signal.aborted).toBe(true);
    expect(watch.reason()).toBeUndefined();
    expect(await watch.check()).toBe(false);
    watch.stop();
  });

  it('keeps going through a failed check', async () => {
    let calls = 0;
    const watch = watchAccess(
      new AbortController().signal,
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('store away')) : Promise.resolve(undefined);
      },
      5,
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(calls).toBeGreaterThan(1);
    expect(watch.signal.aborted).toBe(false);
    watch.stop();
  });
});
