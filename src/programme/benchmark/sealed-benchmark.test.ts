import { describe, expect, it } from 'vitest';
import {
  newestActiveVersions,
  sealedBenchmarkName,
  sealedBenchmarkNameSchema,
  sealedBenchmarkSchema,
  sealedBenchmarkTaskSpecSchema,
  type SealedBenchmark,
} from './sealed-benchmark.js';

const benchmark = (overrides: Partial<SealedBenchmark> = {}): SealedBenchmark =>
  sealedBenchmarkSchema.parse({
    id: 'bench-1',
    name: 'sealed.cyber_mcq',
    version: 1,
    title: 'Cyber multiple choice',
    track: 'digital_infrastructure',
    marking: { level: 'SECRET', compartments: ['BENCHMARKS'], controls: ['SEALED'], ownerId: 'o' },
    itemCount: 10,
    digest: 'a'.repeat(64),
    inBattery: true,
    uploadedBy: 'user-1',
    uploadedAt: '2026-06-10T09:00:00.000Z',
    ...overrides,
  });

describe('sealed benchmarks', () => {
  it('are named sealed.<slug>, so their metrics never collide with a built-in suite', () => {
    expect(sealedBenchmarkName('cyber_mcq')).toBe('sealed.cyber_mcq');
    expect(sealedBenchmarkNameSchema.safeParse('sealed.cyber_mcq').success).toBe(true);
    for (const name of ['cyber.knowledge', 'sealed.Cyber', 'sealed.1x', 'sealed.a.b', 'sealed.']) {
      expect(sealedBenchmarkNameSchema.safeParse(name).success, name).toBe(false);
    }
    expect(sealedBenchmarkNameSchema.safeParse(`sealed.a${'b'.repeat(62)}`).success).toBe(true);
    expect(sealedBenchmarkNameSchema.safeParse(`sealed.a${'b'.repeat(63)}`).success).toBe(false);
  });

  it('record a retirement with both its time and its author, or neither', () => {
    expect(
      benchmark({ retiredAt: '2026-06-11T09:00:00.000Z', retiredBy: 'user-2' }).retiredBy,
    ).toBe('user-2');
    const half = sealedBenchmarkSchema.safeParse({
      ...benchmark(),
      retiredAt: '2026-06-11T09:00:00.000Z',
    });
    expect(half.error?.issues[0]?.message).toBe('a retirement names both when and by whom');
  });

  it('take a task file’s settings, solver and scorer optional, and refuse a model-graded scorer', () => {
    expect(sealedBenchmarkTaskSpecSchema.parse({})).toEqual({
      epochs: 1,
      reducer: 'mean',
      limits: {},
      config: {},
    });
    expect(sealedBenchmarkTaskSpecSchema.parse({ scorer: 'includes' }).scorer).toEqual([
      'includes',
    ]);
    const graded = sealedBenchmarkTaskSpecSchema.safeParse({
      scorer: ['match', { name: 'model_graded' }],
    });
    expect(graded.error?.issues).toEqual([
      expect.objectContaining({
        path: ['scorer', 1],
        message: expect.stringContaining('the service does not have') as string,
      }),
    ]);
    expect(sealedBenchmarkTaskSpecSchema.safeParse({ dataset: 'x.jsonl' }).success).toBe(false);
  });

  it('run the newest version of each name that is not retired', () => {
    const retired = { retiredAt: '2026-06-12T09:00:00.000Z', retiredBy: 'user-2' };
    const all = [
      benchmark({ id: 'b1', version: 1 }),
      benchmark({ id: 'b2', version: 2 }),
      benchmark({ id: 'b3', version: 3, ...retired }),
      benchmark({ id: 'o1', name: 'sealed.other', version: 1, ...retired }),
      benchmark({ id: 'a1', name: 'sealed.alpha', version: 1 }),
    ];
    expect(newestActiveVersions(all).map((entry) => entry.id)).toEqual(['a1', 'b2']);
  });
});
