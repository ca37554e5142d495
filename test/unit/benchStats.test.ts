import * as assert from 'node:assert/strict';
import { cells, formatTable, median, stringBytes, verdict, type Row } from '../../bench/stats';
import { longestRendererTask } from '../../bench/webviewProbe';

const row = (overrides: Partial<Row>): Row => ({ item: 1, figure: 'extension bundle', value: 250, unit: 'KB', runs: 1, ...overrides });

describe('bench helpers', () => {
  it('median: odd, even, unsorted, empty', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.ok(Number.isNaN(median([])));
  });

  it('counts a string as V8 holds it: one byte a character, two once any character is beyond Latin-1', () => {
    assert.equal(stringBytes('draw calls'), 10);
    assert.equal(stringBytes('café'), 4);
    // One ellipsis (the development gateway's echo of a long question) makes the whole answer two-byte.
    assert.equal(stringBytes('tokens:20… draw calls'), 42);
    assert.equal(stringBytes('🎮'), 4);
  });

  it('a goal is met at or under its bound and missed by how much above it', () => {
    assert.deepEqual(verdict(row({ value: 300, goal: { max: 300 } })), { verdict: 'met' });
    assert.deepEqual(verdict(row({ value: 450, goal: { max: 300 } })), { verdict: 'missed', by: '+150.0 KB (+50%)' });
    assert.deepEqual(verdict(row({ unit: 'ms', value: 900, baseline: 600, ratio: 1.5, goal: { max: 1.1 }, goalOn: 'ratio' })), { verdict: 'missed', by: '+0.40x (+36%)' });
    assert.deepEqual(verdict(row({ goal: undefined })), { verdict: 'n/a' });
    assert.deepEqual(verdict(row({ check: { goal: 'deltas only', met: false, missedBy: 'transcript re-sent' } })), { verdict: 'missed', by: 'transcript re-sent' });
  });

  it('prints value, baseline, ratio, goal and status per row', () => {
    assert.deepEqual(cells(row({ unit: 'ms', value: 12.345, baseline: 11, ratio: 1.1222, goal: { max: 1.1 }, goalOn: 'ratio', runs: 5 })), [
      '1', 'extension bundle', '12.3 ms', '11.0 ms', '1.12x', '', '≤ 1.10x ratio', 'missed +0.02x (+2%)', '5',
    ]);
    assert.deepEqual(cells(row({ unit: 'ms', value: 4.5, goal: { max: 10 } })).slice(2), ['4.50 ms', '', '', '', '≤ 10.0 ms', 'met', '1']);
  });

  it('aligns the table columns and lists the notes under it', () => {
    const table = formatTable([row({ goal: { max: 300 } }), row({ item: 2, figure: 'activate()', unit: 'ms', value: 3, goal: { max: 10 }, note: 'median of 5' })]);
    const lines = table.split('\n');
    assert.match(lines[0], /^# \| Figure\s+\|\s+Value \|/);
    assert.equal(new Set(lines.slice(0, 4).map((l) => l.indexOf('|'))).size, 1, 'first separator aligned');
    assert.ok(lines.includes('  2. activate(): median of 5'));
  });

  it("keeps the previous run's figure beside each new one (value, and ratio where there is one), matched by item and figure", () => {
    const previous = [row({ value: 240 }), row({ item: 3, figure: 'painted', unit: 'ms', value: 90, ratio: 2.88 })];
    const table = formatTable([row({ goal: { max: 300 } }), row({ item: 3, figure: 'painted', unit: 'ms', value: 30, ratio: 1.05 }), row({ item: 9, figure: 'new figure' })], previous);
    const lines = table.split('\n');
    assert.deepEqual(lines[0].split('|').map((c) => c.trim()), ['#', 'Figure', 'Value', 'Baseline', 'Ratio', 'Previous', 'Goal', 'Status', 'Runs']);
    const previousCell = (line: string): string => line.split('|')[5].trim();
    assert.deepEqual(lines.slice(2, 5).map(previousCell), ['240.0 KB', '90.0 ms (2.88x)', '']);
    assert.deepEqual(cells(row({})), ['1', 'extension bundle', '250.0 KB', '', '', '', '', '', '1'], 'no previous run: an empty cell');
  });

  it('finds the longest task on the busiest renderer main thread of a trace', () => {
    const events = [
      { name: 'thread_name', ph: 'M', pid: 1, tid: 1, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', pid: 2, tid: 1, args: { name: 'CrRendererMain' } },
      { name: 'thread_name', ph: 'M', pid: 3, tid: 1, args: { name: 'CrBrowserMain' } },
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 1, tid: 1, dur: 40_000 },
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 1, tid: 1, dur: 30_000 },
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 2, tid: 1, dur: 50_000 },
      { name: 'ThreadControllerImpl::RunTask', ph: 'X', pid: 3, tid: 1, dur: 900_000 },
    ];
    assert.equal(longestRendererTask(events), 40);
  });
});
