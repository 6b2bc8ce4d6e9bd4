import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../test/support/temp-dir.js';
import { logCommand } from '../cli/commands/log-command.js';
import type { LogFooter, LogHeader, SampleRecord } from '../core/log/log-schema.js';
import type { Metadata } from '../core/task/sample.js';
import { breakdownLog } from './breakdown-log.js';
import { ratioOfTotals } from './breakdown-ratio.js';
import { formatBreakdown } from './breakdown-table.js';
import type { Breakdown, BreakdownRow } from './breakdown.js';

/** One sample-epoch: a score (or an error) and its token usage (input, output). */
function record(
  id: string,
  epoch: number,
  metadata: Metadata,
  outcome: { value: number | null; subtasks?: Record<string, boolean> } | 'error',
  tokens: readonly [number, number],
): SampleRecord {
  const [inputTokens, outputTokens] = tokens;
  return {
    type: 'sample',
    id,
    epoch,
    input: 'attack the PLC',
    target: '',
    metadata,
    messages: [],
    scores:
      outcome === 'error'
        ? {}
        : {
            plc: {
              value: outcome.value,
              ...(outcome.subtasks === undefined
                ? {}
                : { metadata: { subtasks: outcome.subtasks } }),
            },
          },
    events: [],
    usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
    startedAt: '2026-06-02T00:00:00.000Z',
    durationMs: 10,
    ...(outcome === 'error' ? { error: { kind: 'sandbox', message: 'episode failed' } } : {}),
  };
}

const header: LogHeader = {
  type: 'header',
  format: 'vigil-eval-log',
  version: 1,
  runId: 'synthetic',
  createdAt: '2026-06-02T00:00:00.000Z',
  task: { name: 'synthetic', metadata: {}, dataset: { name: 'd', location: 'memory', samples: 5 } },
  model: { name: 'mock/echo', args: {} },
  config: {
    epochs: 2,
    reducer: 'mean',
    maxConnections: 1,
    failOnError: 1,
    generate: {},
    limits: {},
    scorers: ['plc', 'other'],
  },
  plannedSamples: 10,
  vigil: { version: 'test' },
};

const web = { category: 'web' };
const ot = { category: 'ot' };
/**
 * Five samples over two epochs:
 * - a (web, easy): 1 then 0.5; subtasks 2/2 then 1/2; 100 tokens (80 in, 20 out) each epoch
 * - b (web, hard): 0 and 0; subtasks 0/2 twice; 200 tokens (150/50) each
 * - c (ot, easy): 1 and 1; subtasks 1/1 twice; 50 tokens (40/10) each
 * - d (ot, hard): an error (30 tokens: 20/10), then 1 without subtasks (70: 50/20)
 * - e (no category, medium): unscored (null) then 0; 10 tokens (10/0) each
 */
const records: SampleRecord[] = [
  record(
    'a',
    1,
    { ...web, difficulty: 'easy' },
    { value: 1, subtasks: { x: true, y: true } },
    [80, 20],
  ),
  record(
    'a',
    2,
    { ...web, difficulty: 'easy' },
    { value: 0.5, subtasks: { x: true, y: false } },
    [80, 20],
  ),
  record(
    'b',
    1,
    { ...web, difficulty: 'hard' },
    { value: 0, subtasks: { x: false, y: false } },
    [150, 50],
  ),
  record(
    'b',
    2,
    { ...web, difficulty: 'hard' },
    { value: 0, subtasks: { x: false, y: false } },
    [150, 50],
  ),
  record('c', 1, { ...ot, difficulty: 'easy' }, { value: 1, subtasks: { z: true } }, [40, 10]),
  record('c', 2, { ...ot, difficulty: 'easy' }, { value: 1, subtasks: { z: true } }, [40, 10]),
  record('d', 1, { ...ot, difficulty: 'hard' }, 'error', [20, 10]),
  record('d', 2, { ...ot, difficulty: 'hard' }, { value: 1 }, [50, 20]),
  record('e', 1, { difficulty: 'medium' }, { value: null }, [10, 0]),
  record('e', 2, { difficulty: 'medium' }, { value: 0 }, [10, 0]),
];

const footer: LogFooter = {
  type: 'footer',
  status: 'success',
  completedAt: '2026-06-02T00:01:00.000Z',
  results: { plannedSamples: 10, completedSamples: 10, erroredSamples: 1, scorers: [] },
  usage: { inputTokens: 620, outputTokens: 180, totalTokens: 800 },
  durationMs: 60_000,
};

function rowOf(breakdown: Breakdown, key: string, group: string): BreakdownRow {
  const row = breakdown.tables
    .find((table) => table.key === key)
    ?.rows.find((entry) => entry.group === group);
  if (row === undefined) throw new Error(`no row ${key}=${group}`);
  return row;
}

function expectInterval(
  actual: readonly [number, number] | null | undefined,
  low: number,
  high: number,
) {
  expect(actual?.[0]).toBeCloseTo(low, 3);
  expect(actual?.[1]).toBeCloseTo(high, 3);
}

describe('the per-category report', () => {
  const dir = useTempDir('vigil-breakdown-');
  const writeLog = (lines: readonly object[]) =>
    dir.write('synthetic.vigil.jsonl', lines.map((line) => JSON.stringify(line)).join('\n') + '\n');

  it('computes pass@1, pass@k, subtasks and tokens per success by category, by hand', async () => {
    const path = await writeLog([header, ...records, footer]);
    const breakdown = await breakdownLog(path, { by: ['category'] });
    expect(breakdown.scorer).toBe('plc');
    expect(breakdown.k).toBe(2);
    const group = breakdown.tables[0]!;
    expect(group.rows.map((row) => row.group)).toEqual(['ot', 'web', '(none)']);

    const webRow = rowOf(breakdown, 'category', 'web');
    expect(webRow).toMatchObject({ samples: 2, epochs: 4, errors: 0, successes: 1 });
    // pass@1 per sample is c/n: a 1/2, b 0/2 → 0.25. The per-sample values' variance
    // (0.0625) is below p(1−p) = 0.1875, so the effective n (6) is capped at the 4
    // observations: the Wilson interval of 0.25 with n = 4.
    expect(webRow.passAt1?.value).toBeCloseTo(0.25, 10);
    expectInterval(webRow.passAt1?.ci95, 0.0456, 0.6994);
    // pass@2 = 1 − C(n−c, 2)/C(n, 2): a 1, b 0 → 0.5; variance equals p(1−p): Wilson(0.5, n = 2).
    expect(webRow.passAtK?.value).toBeCloseTo(0.5, 10);
    expectInterval(webRow.passAtK?.ci95, 0.0945, 0.9055);
    expect(webRow.passAtKSamples).toBe(2);
    // Subtasks: a (1 + 0.5)/2 = 0.75, b 0 → 0.375.
    expect(webRow.subtasks?.value).toBeCloseTo(0.375, 10);
    expect(webRow.subtaskSamples).toBe(2);
    // 600 tokens for 1 success. dᵢ = xᵢ − R·yᵢ: −400, +400; se = √(2/1 · 320000)/1 = 800.
    expect(webRow.tokensPerSuccess?.value).toBe(600);
    expectInterval(webRow.tokensPerSuccess?.ci95, 0, 600 + 1.959963984540054 * 800);

    const otRow = rowOf(breakdown, 'category', 'ot');
    expect(otRow).toMatchObject({ samples: 2, epochs: 3, errors: 1, successes: 3 });
    // c 2/2 and d 1/1 → 1; no spread, so n = 2 samples: Wilson(1, 2) = [0.3424, 1].
    expect(otRow.passAt1?.value).toBe(1);
    expectInterval(otRow.passAt1?.ci95, 0.3424, 1);
    // d has one scored epoch, too few for pass@2: only c counts, Wilson(1, 1).
    expect(otRow.passAtKSamples).toBe(1);
    expect(otRow.passAtK?.value).toBe(1);
    expectInterval(otRow.passAtK?.ci95, 0.2065, 1);
    // d reports no subtasks: c alone, 1.
    expect(otRow.subtasks?.value).toBe(1);
    expect(otRow.subtaskSamples).toBe(1);
    // The errored epoch's tokens count: (100 + 100) / 3 successes = 66.67; dᵢ = ∓33.33,
    // se = √(2 · 2222.2)/3 = 22.22.
    expect(otRow.tokensPerSuccess?.value).toBeCloseTo(200 / 3, 10);
    expectInterval(
      otRow.tokensPerSuccess?.ci95,
      200 / 3 - 1.959963984540054 * (200 / 9),
      200 / 3 + 1.959963984540054 * (200 / 9),
    );

    const noCategory = rowOf(breakdown, 'category', '(none)');
    // The unscored epoch is neither pass nor fail: one value, 0; Wilson(0, 1) = [0, 0.7935].
    expect(noCategory).toMatchObject({ samples: 1, epochs: 1, successes: 0, passAtKSamples: 0 });
    expect(noCategory.passAt1?.value).toBe(0);
    expectInterval(noCategory.passAt1?.ci95, 0, 0.7935);
    expect(noCategory.passAtK).toBeUndefined();
    expect(noCategory.tokensPerSuccess).toBeUndefined(); // no success to divide by
    expect(noCategory.costPerSuccess).toBeUndefined();

    // All samples: pass@1 over a, b, c, d, e = (0.5 + 0 + 1 + 1 + 0)/5 = 0.5.
    expect(breakdown.overall).toMatchObject({
      group: 'all',
      samples: 5,
      epochs: 8,
      errors: 1,
      successes: 4,
    });
    expect(breakdown.overall.passAt1?.value).toBeCloseTo(0.5, 10);
    expect(breakdown.overall.tokensPerSuccess?.value).toBe(820 / 4);
  });

  it('groups by difficulty and prices tokens into cost per success', async () => {
    const path = await writeLog([header, ...records, footer]);
    const breakdown = await breakdownLog(path, {
      by: ['difficulty'],
      prices: { input: 2e-6, output: 10e-6 },
    });
    expect(breakdown.tables[0]?.rows.map((row) => row.group)).toEqual(['easy', 'hard', 'medium']);
    const easy = rowOf(breakdown, 'difficulty', 'easy');
    // a 1/2 and c 2/2 → 0.75; subtasks a 0.75, c 1 → 0.875.
    expect(easy.passAt1?.value).toBeCloseTo(0.75, 10);
    expect(easy.subtasks?.value).toBeCloseTo(0.875, 10);
    // a: 160 in, 40 out → 0.00072; c: 80 in, 20 out → 0.00036; 3 successes → 0.00036.
    expect(easy.costPerSuccess?.value).toBeCloseTo(0.00108 / 3, 12);
    const hard = rowOf(breakdown, 'difficulty', 'hard');
    // b 0, d 1 → 0.5; tokens 400 + 100 over 1 success.
    expect(hard.passAt1?.value).toBeCloseTo(0.5, 10);
    expect(hard.tokensPerSuccess?.value).toBe(500);
  });

  it('renders a plain-text table with intervals, n and a row of all samples', async () => {
    const path = await writeLog([header, ...records, footer]);
    const lines = formatBreakdown(await breakdownLog(path, { by: ['category'] }));
    expect(lines[0]).toBe(
      'per-group results (scorer plc, pass@2 unbiased over 2 epochs; Wilson intervals for proportions, delta-method for ratios)',
    );
    const table = lines.slice(2, 7);
    expect(table[0]).toMatch(
      /^category\s+samples\s+epochs\s+errors\s+pass@1 \[95% CI\]\s+pass@2 \[95% CI\]\s+subtasks \[95% CI\]\s+tokens\/success \[95% CI\]$/,
    );
    expect(table[1]).toMatch(
      /^ot\s+2\s+3\s+1\s+1\.000 \[0\.342, 1\.000\]\s+1\.000 \[0\.207, 1\.000\]\s+1\.000 \[0\.207, 1\.000\]\s+67 \[23, 110\]$/,
    );
    expect(table[2]).toMatch(
      /^web\s+2\s+4\s+0\s+0\.250 \[0\.046, 0\.699\]\s+0\.500 \[0\.095, 0\.905\]/,
    );
    expect(table[3]).toMatch(/^\(none\)\s+1\s+1\s+0\s+0\.000 \[0\.000, 0\.793\]\s+—\s+—\s+—$/);
    expect(table[4]).toMatch(/^all\s+5\s+8\s+1\s+0\.500/);
    // Columns line up: every row is as long as the header up to its last column.
    expect(new Set(table.map((line) => line.indexOf('  ', 'category'.length) >= 0))).toEqual(
      new Set([true]),
    );
    expect(lines.at(-1)).toBe(
      'note: pass@2 leaves out 2 sample(s) with fewer than 2 scored epochs',
    );
  });

  it('is printed by vigil log show --by, with cost when prices are given, and in --json', async () => {
    const path = await writeLog([header, ...records, footer]);
    let stdout = '';
    const io = {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: () => true },
    };
    expect(
      await logCommand(['show', path, '--by', 'category,difficulty', '--token-prices', '2,10'], io),
    ).toBe(0);
    expect(stdout).toContain('per-group results (scorer plc');
    expect(stdout).toMatch(/^category\s+samples/m);
    expect(stdout).toMatch(/^difficulty\s+samples/m);
    expect(stdout).toContain('cost/success [95% CI]');
    expect(stdout).toMatch(/^easy\s.*0\.0004 \[/m);

    stdout = '';
    expect(await logCommand(['show', path, '--json', '--by', 'category'], io)).toBe(0);
    const json = JSON.parse(stdout) as { breakdown: Breakdown };
    expect(
      json.breakdown.tables[0]?.rows.find((row) => row.group === 'web')?.passAt1?.value,
    ).toBeCloseTo(0.25, 10);
  });

  it('reads an unfinished log as far as it goes and refuses bad flags with a fix', async () => {
    const path = await writeLog([header, ...records.slice(0, 4)]);
    const breakdown = await breakdownLog(path, { by: ['category'] });
    expect(breakdown.overall.samples).toBe(2);

    const io = { stdout: { write: () => true }, stderr: { write: () => true } };
    await expect(logCommand(['show', path, '--token-prices', '2,10'], io)).rejects.toThrow(
      '--token-prices goes with --by',
    );
    await expect(
      logCommand(['show', path, '--by', 'category', '--token-prices', '2'], io),
    ).rejects.toThrow('--token-prices must be two prices per million tokens, got "2"');
    await expect(logCommand(['show', path, '--by', ''], io)).rejects.toThrow(
      '--by needs a sample metadata key',
    );
    await expect(logCommand(['export', path, '--by', 'category'], io)).rejects.toThrow(
      '--by does not apply to vigil log export',
    );
    await expect(breakdownLog(path, { by: ['category'], scorer: 'nope' })).rejects.toThrow(
      'the log has no scorer "nope"',
    );
  });

  it('gives a ratio without an interval for one sample, and none without successes', () => {
    expect(ratioOfTotals([{ numerator: 90, denominator: 3 }])).toEqual({
      value: 30,
      ci95: null,
      ciMethod: null,
    });
    expect(
      ratioOfTotals([
        { numerator: 90, denominator: 0 },
        { numerator: 10, denominator: 0 },
      ]),
    ).toBeUndefined();
    // Equal ratios in every sample: no spread, a zero-width interval.
    expect(
      ratioOfTotals([
        { numerator: 10, denominator: 1 },
        { numerator: 20, denominator: 2 },
      ]),
    ).toEqual({
      value: 10,
      ci95: [10, 10],
      ciMethod: 'delta',
    });
  });
});
