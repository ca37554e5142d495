/**
 * Pure helpers of the benchmark: medians, goals and the printed table. No I/O, so the unit tests
 * can cover them.
 */

/**
 * The bytes V8 keeps for a flat string's characters: one a character while every one is Latin-1,
 * two for all of them once any is not (a single `…` or emoji makes a whole answer two-byte).
 */
export function stringBytes(text: string): number {
  return /[\u0100-\uffff]/.test(text) ? text.length * 2 : text.length;
}

/** The middle value (mean of the two middle ones for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** An upper bound a figure should stay under (every goal of issue 7 is one). */
export interface Goal {
  readonly max: number;
}

export type Verdict = 'met' | 'missed' | 'n/a';

/** One printed row; `results.json` keeps the rows as they are, with the raw runs beside them. */
export interface Row {
  /** Item of issue 7 (1–7), of issue 12 (8: log import; 13: history saves), 13 (14: engine profile), 14 (15: search_text; 16: the agent per tool call) or 16 (17: cold open; 18: memory). */
  readonly item: number;
  readonly figure: string;
  readonly value: number;
  readonly unit: Unit;
  /** The same measurement without the product in the way, from the same process. */
  readonly baseline?: number;
  /** value / baseline (or, for item 4, the 20k figure over the 10k one). */
  readonly ratio?: number;
  /** The goal applies to `ratio` when `goalOn` is 'ratio', else to `value`. */
  readonly goal?: Goal;
  readonly goalOn?: 'value' | 'ratio';
  /** A goal that is not a number (e.g. "deltas only"), with its verdict. */
  readonly check?: { readonly goal: string; readonly met: boolean; readonly missedBy?: string };
  /** How many runs the median is taken over (1 for figures that do not vary, like sizes). */
  readonly runs: number;
  /** A short remark printed under the table (what exactly was measured, or why it missed). */
  readonly note?: string;
}

export type Unit = 'KB' | 'ms' | 'MB' | 'MB/s' | 'x' | 'count';

/** The verdict of a row and by how much it missed ("+12.3 ms (+41%)"). */
export function verdict(row: Row): { readonly verdict: Verdict; readonly by?: string } {
  if (row.check) return row.check.met ? { verdict: 'met' } : { verdict: 'missed', by: row.check.missedBy ?? '' };
  if (!row.goal) return { verdict: 'n/a' };
  const measured = row.goalOn === 'ratio' ? row.ratio : row.value;
  if (measured === undefined || Number.isNaN(measured)) return { verdict: 'n/a' };
  if (measured <= row.goal.max) return { verdict: 'met' };
  const over = measured - row.goal.max;
  const unit = row.goalOn === 'ratio' ? 'x' : row.unit;
  const percent = row.goal.max > 0 ? ` (+${Math.round((over / row.goal.max) * 100)}%)` : '';
  return { verdict: 'missed', by: `+${formatNumber(over, unit)}${percent}` };
}

/** A figure with its unit, rounded for reading: "12.3 ms", "1.04x", "284.9 KB". */
export function formatNumber(value: number, unit: Unit): string {
  if (Number.isNaN(value)) return '—';
  switch (unit) {
    case 'x':
      return `${value.toFixed(2)}x`;
    case 'count':
      return String(Math.round(value));
    case 'ms':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    default:
      return `${value.toFixed(1)} ${unit}`;
  }
}

const HEADERS = ['#', 'Figure', 'Value', 'Baseline', 'Ratio', 'Previous', 'Goal', 'Status', 'Runs'] as const;

/** A figure of an earlier run, as bench/results.json keeps it. */
export type PreviousRow = Pick<Row, 'item' | 'figure' | 'value' | 'unit' | 'ratio'>;

/** The previous run's figure, with its ratio where it had one: "90.0 ms (2.88x)". */
function previousCell(previous: PreviousRow | undefined): string {
  if (!previous) return '';
  const value = formatNumber(previous.value, previous.unit);
  return previous.ratio === undefined ? value : `${value} (${formatNumber(previous.ratio, 'x')})`;
}

/** The cells of one row as printed; `previous` is the same figure of the previous run. */
export function cells(row: Row, previous?: PreviousRow): string[] {
  const v = verdict(row);
  const goalUnit = row.goalOn === 'ratio' ? 'x' : row.unit;
  return [
    String(row.item),
    row.figure,
    formatNumber(row.value, row.unit),
    row.baseline === undefined ? '' : formatNumber(row.baseline, row.unit),
    row.ratio === undefined ? '' : formatNumber(row.ratio, 'x'),
    previousCell(previous),
    row.check ? row.check.goal : row.goal ? `≤ ${formatNumber(row.goal.max, goalUnit)}${row.goalOn === 'ratio' ? ' ratio' : ''}` : '',
    v.verdict === 'missed' ? `missed ${v.by}`.trimEnd() : v.verdict === 'met' ? 'met' : '',
    String(row.runs),
  ];
}

/**
 * A plain-text table with aligned columns (numbers right-aligned), then the rows' notes. `previous`:
 * the rows of the run before, shown beside the new figures so a regression is visible.
 */
export function formatTable(rows: readonly Row[], previous: readonly PreviousRow[] = []): string {
  const before = new Map(previous.map((p) => [`${p.item}\u0000${p.figure}`, p]));
  const body = rows.map((row) => cells(row, before.get(`${row.item}\u0000${row.figure}`)));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...body.map((r) => [...r[i]].length)));
  const rightAligned = new Set([2, 3, 4, 5, 8]);
  const line = (r: readonly string[]): string =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i] - [...cell].length);
        return rightAligned.has(i) ? pad + cell : cell + pad;
      })
      .join(' | ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.item}. ${r.figure}: ${r.note}`);
  return [line(HEADERS), rule, ...body.map(line), ...(notes.length ? ['', 'Notes:', ...notes] : [])].join('\n');
}

