import type { MetricValue } from '../core/metrics/metric-value.js';
import type { Breakdown, BreakdownRow } from './breakdown.js';
import type { RatioValue } from './breakdown-ratio.js';

const none = '—';

function interval(ci95: readonly [number, number] | null, digits: number): string {
  return ci95 === null ? '' : ` [${ci95[0].toFixed(digits)}, ${ci95[1].toFixed(digits)}]`;
}

function proportion(metric: MetricValue | undefined): string {
  return metric === undefined ? none : `${metric.value.toFixed(3)}${interval(metric.ci95, 3)}`;
}

function ratio(value: RatioValue | undefined, digits: number): string {
  return value === undefined
    ? none
    : `${value.value.toFixed(digits)}${interval(value.ci95, digits)}`;
}

interface Column {
  readonly title: string;
  readonly align: 'left' | 'right';
  readonly cell: (row: BreakdownRow) => string;
}

function columns(breakdown: Breakdown, key: string): Column[] {
  const list: Column[] = [
    { title: key, align: 'left', cell: (row) => row.group },
    { title: 'samples', align: 'right', cell: (row) => String(row.samples) },
    { title: 'epochs', align: 'right', cell: (row) => String(row.epochs) },
    { title: 'errors', align: 'right', cell: (row) => String(row.errors) },
    { title: 'pass@1 [95% CI]', align: 'left', cell: (row) => proportion(row.passAt1) },
  ];
  if (breakdown.k > 1) {
    list.push({
      title: `pass@${String(breakdown.k)} [95% CI]`,
      align: 'left',
      cell: (row) => proportion(row.passAtK),
    });
  }
  list.push(
    { title: 'subtasks [95% CI]', align: 'left', cell: (row) => proportion(row.subtasks) },
    {
      title: 'tokens/success [95% CI]',
      align: 'left',
      cell: (row) => ratio(row.tokensPerSuccess, 0),
    },
  );
  if (breakdown.prices !== undefined) {
    list.push({
      title: 'cost/success [95% CI]',
      align: 'left',
      cell: (row) => ratio(row.costPerSuccess, 4),
    });
  }
  return list;
}

function render(columnList: readonly Column[], rows: readonly BreakdownRow[]): string[] {
  const cells = [
    columnList.map((column) => column.title),
    ...rows.map((row) => columnList.map((column) => column.cell(row))),
  ];
  const widths = columnList.map((_, index) =>
    Math.max(...cells.map((line) => (line[index] ?? '').length)),
  );
  return cells.map((line) =>
    line
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return columnList[index]?.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}

/**
 * The report as plain-text tables, one per grouping key, each ending with the row of all
 * samples; `—` where a figure does not exist (no success to divide by, no subtasks).
 */
export function formatBreakdown(breakdown: Breakdown): string[] {
  const lines: string[] = [];
  const k =
    breakdown.k > 1
      ? `, pass@${String(breakdown.k)} unbiased over ${String(breakdown.k)} epochs`
      : '';
  lines.push(
    `per-group results (scorer ${breakdown.scorer}${k}; Wilson intervals for proportions, delta-method for ratios)`,
  );
  for (const table of breakdown.tables) {
    lines.push('');
    lines.push(...render(columns(breakdown, table.key), [...table.rows, breakdown.overall]));
  }
  const skipped =
    breakdown.k > 1 ? breakdown.overall.samples - breakdown.overall.passAtKSamples : 0;
  if (skipped > 0) {
    lines.push('');
    lines.push(
      `note: pass@${String(breakdown.k)} leaves out ${String(skipped)} sample(s) with fewer than ${String(breakdown.k)} scored epochs`,
    );
  }
  return lines;
}
