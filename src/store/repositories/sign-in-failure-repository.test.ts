import { expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { throttleWaitMs } from '../../server/auth/login-throttle.js';
import { repositories } from './repositories.js';

const t = (minute: number) => new Date(Date.UTC(2026, 6, 1, 12, minute)).toISOString();

describeEachBackend('sign-in failures', (backend) => {
  it('count per key, start again after a quiet hour, clear and prune', async () => {
    const store = await backend.open();
    const { signInFailures } = repositories(store.db);
    await signInFailures.record(['user:alice', 'address:192.0.2.1'], t(0), t(-60));
    await signInFailures.record(['user:alice'], t(1), t(-59));
    expect(
      await signInFailures.get(['user:alice', 'address:192.0.2.1', 'user:bob'], t(-59)),
    ).toEqual(
      expect.arrayContaining([
        { key: 'user:alice', failures: 2, lastFailedAt: t(1) },
        { key: 'address:192.0.2.1', failures: 1, lastFailedAt: t(0) },
      ]),
    );
    // An hour and more later the old count is forgotten: reads skip it, the next failure is 1.
    expect(await signInFailures.get(['user:alice'], t(62))).toEqual([]);
    await signInFailures.record(['user:alice'], t(70), t(10));
    expect(await signInFailures.get(['user:alice'], t(10))).toEqual([
      { key: 'user:alice', failures: 1, lastFailedAt: t(70) },
    ]);
    await signInFailures.clear(['user:alice']);
    expect(await signInFailures.get(['user:alice'], t(0))).toEqual([]);
    expect(await signInFailures.prune(t(30))).toBe(1);
    expect(await store.db.selectFrom('sign_in_failures').selectAll().execute()).toEqual([]);
  });

  it('count every failure when several come at once', async () => {
    const store = await backend.open();
    const { signInFailures } = repositories(store.db);
    await Promise.all(
      Array.from({ length: 8 }, () => signInFailures.record(['user:carol'], t(5), t(-55))),
    );
    expect((await signInFailures.get(['user:carol'], t(-55)))[0]?.failures).toBe(8);
  });
});

it('waits nothing for the free attempts, then doubles up to the cap, and forgets after an hour', () => {
  const last = Date.parse(t(0));
  expect(throttleWaitMs(4, last, last)).toBe(0);
  expect(throttleWaitMs(5, last, last)).toBe(30_000);
  expect(throttleWaitMs(6, last, last + 10_000)).toBe(50_000);
  expect(throttleWaitMs(30, last, last)).toBe(15 * 60_000);
  expect(throttleWaitMs(30, last, last + 61 * 60_000)).toBe(0);
});
