import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import {
  sealedBenchmarkBodySchema,
  sealedBenchmarkSchema,
  type SealedBenchmark,
} from '../../programme/index.js';
import { makeUser, testNow } from '../../programme/testing/programme-fixtures.js';
import { generateKek } from '../../sealed/key-encryption-key.js';
import { openSealedData } from '../../sealed/open-sealed-data.js';
import type { SealedRead } from '../../sealed/sealed-read.js';
import type { StoreQueryError } from '../errors/store-query-error.js';
import { UniqueViolationError } from '../errors/unique-violation-error.js';
import { seedProgramme } from '../testing/programme-seed.js';
import { repositories } from './repositories.js';

/** An item no one could mistake for anything else, to look for in the store. */
const secretItem = 'Which opcode does the canary-7QX planted gadget use?';

const body = sealedBenchmarkBodySchema.parse({
  format: 'jsonl',
  items: `${JSON.stringify({ id: 'q1', input: secretItem, choices: ['jmp', 'ret'], target: 'B' })}\n`,
  task: { solver: ['multiple_choice'], scorer: 'choice' },
});

function benchmark(overrides: Partial<SealedBenchmark> = {}): SealedBenchmark {
  return sealedBenchmarkSchema.parse({
    id: 'bench-1',
    name: 'sealed.cyber_mcq',
    version: 1,
    title: 'Cyber multiple choice',
    track: 'digital_infrastructure',
    marking: {
      level: 'SECRET',
      compartments: ['BENCHMARKS'],
      controls: ['SEALED'],
      ownerId: 'agency.programme-office',
    },
    itemCount: 1,
    digest: 'c'.repeat(64),
    inBattery: true,
    uploadedBy: makeUser('coordinator').id,
    uploadedAt: testNow,
    ...overrides,
  });
}

function recorder() {
  const reads: SealedRead[] = [];
  return { reads, audit: (read: SealedRead) => Promise.resolve(void reads.push(read)) };
}

describeEachBackend('benchmark repository', (backend) => {
  it('stores the clear part, seals the items, and audits every opening', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { benchmarks } = repositories(store.db);
    expect(await benchmarks.nextVersion('sealed.cyber_mcq')).toBe(1);
    await benchmarks.insert(benchmark(), body, sealed);
    await benchmarks.insert(
      benchmark({ id: 'bench-2', version: 2, inBattery: false }),
      body,
      sealed,
    );
    await benchmarks.insert(
      benchmark({ id: 'bench-3', name: 'sealed.insider', track: 'insider_risks' }),
      body,
      sealed,
    );

    expect(await benchmarks.nextVersion('sealed.cyber_mcq')).toBe(3);
    expect(await benchmarks.summary('bench-1')).toEqual(benchmark());
    expect(await benchmarks.summary('bench-none')).toBeUndefined();
    expect((await benchmarks.summaries()).map((entry) => entry.id)).toEqual([
      'bench-1',
      'bench-2',
      'bench-3',
    ]);
    expect(
      (await benchmarks.summaries({ track: 'insider_risks' })).map((entry) => entry.id),
    ).toEqual(['bench-3']);

    const { reads, audit } = recorder();
    expect(await benchmarks.open('bench-2', sealed, audit)).toEqual(body);
    expect(reads).toEqual([
      { ref: { kind: 'benchmark-items', objectId: 'bench-2' }, outcome: 'ok' },
    ]);
    expect(await benchmarks.open('bench-none', sealed, audit)).toBeUndefined();
    expect(reads).toHaveLength(1);
  });

  it('holds no plaintext item anywhere in the store', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    await repositories(store.db).benchmarks.insert(benchmark(), body, sealed);
    const stored = await sql<{ text: string }>`
      select string_agg(encode(ciphertext, 'escape'), '') as text from sealed_values
      where kind = 'benchmark-items'`.execute(store.db);
    expect(stored.rows[0]?.text.length).toBeGreaterThan(0);
    expect(stored.rows[0]?.text).not.toContain('canary-7QX');
    expect(stored.rows[0]?.text).not.toContain('multiple_choice');
    const rows = await sql<{ row: string }>`
      select row_to_json(b)::text as row from sealed_benchmarks b`.execute(store.db);
    expect(rows.rows[0]?.row).toContain('sealed.cyber_mcq');
    expect(rows.rows[0]?.row).not.toContain('canary-7QX');
  });

  it('retires a version once, and lists only active versions when asked', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { benchmarks } = repositories(store.db);
    await benchmarks.insert(benchmark(), body, sealed);
    await benchmarks.insert(benchmark({ id: 'bench-2', version: 2 }), body, sealed);
    const coordinator = makeUser('coordinator').id;
    const later = '2026-07-02T12:00:00.000Z';

    expect(await benchmarks.retire('bench-2', coordinator, later)).toBe(true);
    expect(await benchmarks.retire('bench-2', coordinator, later)).toBe(false);
    expect(await benchmarks.retire('bench-none', coordinator, later)).toBe(false);
    expect(await benchmarks.summary('bench-2')).toEqual(
      benchmark({ id: 'bench-2', version: 2, retiredAt: later, retiredBy: coordinator }),
    );
    expect((await benchmarks.summaries({ activeOnly: true })).map((entry) => entry.id)).toEqual([
      'bench-1',
    ]);
    // A retired version's items stay readable: a run that used them can be checked.
    expect(await benchmarks.open('bench-2', sealed, recorder().audit)).toEqual(body);
  });

  it('refuses a second copy of a version, sealing nothing for it', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { benchmarks } = repositories(store.db);
    await benchmarks.insert(benchmark(), body, sealed);
    const again = await rejection(() =>
      benchmarks.insert(benchmark({ id: 'bench-again' }), body, sealed),
    );
    expect(again).toBeInstanceOf(UniqueViolationError);
    const left = await store.db
      .selectFrom('sealed_values')
      .select('object_id')
      .where('kind', '=', 'benchmark-items')
      .execute();
    expect(left).toEqual([{ object_id: 'bench-1' }]);
  });

  it('refuses in the schema what the domain refuses: an unclassified marking, a bad digest', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const values = {
      id: 'bench-raw',
      name: 'sealed.raw',
      version: 1,
      title: 'Raw',
      track: 'insider_risks',
      marking: JSON.stringify({
        level: 'SECRET',
        compartments: ['BENCHMARKS'],
        controls: ['SEALED'],
        ownerId: 'o',
      }),
      item_count: 1,
      digest: 'c'.repeat(64),
      in_battery: true,
      uploaded_by: makeUser('coordinator').id,
      uploaded_at: testNow,
    };
    const insert = (changes: Partial<typeof values> & { retired_at?: string }) => () =>
      store.db
        .insertInto('sealed_benchmarks')
        .values({ ...values, ...changes })
        .execute();
    const unclassified = { level: 'CUI', compartments: [], controls: ['SEALED'], ownerId: 'o' };
    for (const refused of [
      await rejection(insert({ marking: JSON.stringify(unclassified) })),
      await rejection(
        insert({
          marking: JSON.stringify({
            level: 'SECRET',
            compartments: [],
            controls: [],
            ownerId: 'o',
          }),
        }),
      ),
      await rejection(insert({ digest: 'not hex' })),
      await rejection(insert({ name: 'cyber.knowledge' })),
      await rejection(insert({ retired_at: testNow })),
    ]) {
      expect((refused as StoreQueryError).sqlState).toBe('23514');
    }
    await insert({})();
    expect((await repositories(store.db).benchmarks.summary('bench-raw'))?.name).toBe('sealed.raw');
  });
});
