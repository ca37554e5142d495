/** Item 6 of issue 7: runs heapChild.ts in a clean process with `--expose-gc`, several times. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { HeapReport } from './heapChild';
import { median, type Row } from './stats';

const CHILD = path.join(__dirname, 'heapChild.js');

export function benchHeap(runs: number): HeapReport[] {
  const reports: HeapReport[] = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(process.execPath, ['--expose-gc', CHILD], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the heap benchmark failed:\n${child.stderr}`);
    reports.push(JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as HeapReport);
  }
  return reports;
}

export function heapRows(reports: readonly HeapReport[]): Row[] {
  const mb = (bytes: number): number => bytes / 1024 / 1024;
  const before = median(reports.map((r) => mb(r.before)));
  const after = median(reports.map((r) => mb(r.afterSave)));
  const first = reports[0];
  return [
    {
      item: 6,
      figure: `heap after ${first?.conversations ?? 0} saved conversations`,
      value: after,
      unit: 'MB',
      baseline: before,
      ratio: after / before,
      runs: reports.length,
      note:
        `Node heapUsed after GC with the product's ConversationStore holding ${first?.conversations} conversations of ${first?.messagesEach} messages ` +
        `(${mb(first?.diskBytes ?? 0).toFixed(1)} MB on disk), baseline = the same process before; +${(after - before).toFixed(2)} MB; ` +
        `after a reload (a new store reading them): +${median(reports.map((r) => mb(r.afterReload - r.before))).toFixed(2)} MB. No goal in the issue.`,
    },
  ];
}
