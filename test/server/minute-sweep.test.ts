import { expect, it } from 'vitest';
import { openService } from '../../src/server/open-service.js';
import { programmeData } from '../../src/server/data/programme-data.js';
import { repositories } from '../../src/store/repositories/repositories.js';
import { useTempDir } from '../support/temp-dir.js';
import { cheapHashCost } from './support/test-service.js';

const dataDir = useTempDir('vigil-sweep-');

it('deletes sessions a week after they ended and forgets sign-in failures after an hour, at start and every minute', async () => {
  const now = new Date('2026-08-20T12:00:00.000Z');
  const clock = { now: () => now };
  const settings = {
    dataDir: dataDir.path,
    clock,
    options: { passwordHashCost: cheapHashCost },
  };
  const seeding = await openService({ ...settings, runJobs: false });
  const admin = await programmeData(seeding.store.db).accounts.findByUsername('admin');
  const days = (count: number) => new Date(now.getTime() + count * 86_400_000).toISOString();
  const session = (idHash: string, createdAt: string, expiresAt: string) =>
    programmeData(seeding.store.db).sessions.create({
      idHash,
      userId: admin?.user.id ?? '',
      stage: 'full',
      createdAt,
      expiresAt,
      source: 'test',
    });
  await session('expired-long-ago', days(-9), days(-8.5));
  await session('expired-yesterday', days(-2), days(-1));
  await session('revoked-long-ago', days(-10), days(5));
  await session('live', days(-0.1), days(0.4));
  await programmeData(seeding.store.db).sessions.revoke('revoked-long-ago', days(-9));
  const failures = repositories(seeding.store.db).signInFailures;
  await failures.record(['user:old-guess'], days(-0.1), days(-1));
  await failures.record(['user:recent-guess'], days(-0.01), days(-1));
  await seeding.close();

  const running = await openService(settings);
  try {
    const left = await running.store.db
      .selectFrom('sessions')
      .select('id_hash')
      .orderBy('id_hash')
      .execute();
    expect(left.map((row) => row.id_hash)).toEqual(['expired-yesterday', 'live']);
    const counted = await running.store.db.selectFrom('sign_in_failures').select('key').execute();
    expect(counted.map((row) => row.key)).toEqual(['user:recent-guess']);
  } finally {
    await running.close();
  }
});
