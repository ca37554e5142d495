/**
 * `npm run bench`: every figure of issue 7, and of issue 12 the log import (item 8) and the history
 * save while streaming (item 13), of issue 13 the engine profile (item 14), of issue 14 the agent's
 * search_text against ripgrep (item 15) and overhead per tool call (item 16), of issue 16 the sidebar's cold
 * open (item 17) and memory (item 18), printed as a table and written to bench/results.json.
 *
 * Expects what `npm run bench` builds first: the production bundles and the .vsix in dist/, the
 * transpiled bench in out/, code-server in the cache. Progress goes to stderr, the table to stdout.
 *
 *   BENCH_RUNS=5      runs per figure (median taken; default 5)
 *   BENCH_ONLY=3,7    only these items (for working on one figure; 8 is the log import, 13 the history save, 14 the engine profile, 15 search_text, 16 the agent per tool call, 17 the cold open, 18 memory)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Harness } from '../test/webview/harness';
import { activationRows, benchActivation } from './activation';
import { benchBigConversation, bigConversationRows } from './bigConversation';
import { startGatewayProcess } from './gatewayProcess';
import { agentSearchRows, benchAgentSearch } from './agentSearch';
import { agentCallRows, benchAgentCall } from './agentCall';
import { benchEngineProfile, engineProfileRows } from './engineProfile';
import { benchHeap, heapRows } from './heap';
import { benchLogImport, logImportRows } from './logImport';
import { benchHistorySave, historySaveRows } from './historySave';
import { benchMemory, memoryRows } from './memory';
import { measureSizes, sizeRows } from './sizes';
import { formatTable, verdict, type PreviousRow, type Row } from './stats';
import { benchStreaming, streamingRows } from './streaming';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench', 'results.json');
const RECORDED = path.join(ROOT, 'bench', 'previous.json');

function chromiumVersion(): string {
  const result = spawnSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', ['--version'], { encoding: 'utf8' });
  return result.stdout.trim();
}

/**
 * The previous run's figures, to print beside the new ones: the last run on this machine
 * (bench/results.json, not in git), else the last whole run recorded in the repository
 * (bench/previous.json, committed with the note that quotes it), so a fresh clone shows them too.
 */
function previousRun(): { readonly date: string; readonly rows: readonly PreviousRow[] } | undefined {
  for (const [file, where] of [
    [RESULTS, 'on this machine'],
    [RECORDED, 'recorded in bench/previous.json'],
  ] as const) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { date?: unknown; rows?: unknown };
      if (typeof parsed.date !== 'string' || !Array.isArray(parsed.rows)) continue;
      const rows = (parsed.rows as Array<Partial<PreviousRow>>).filter(
        (r): r is PreviousRow => typeof r.item === 'number' && typeof r.figure === 'string' && typeof r.value === 'number' && typeof r.unit === 'string',
      );
      return { date: `${parsed.date} ${where}`, rows };
    } catch {
      // Not there (a fresh clone has no results.json), or from an older bench: try the next.
    }
  }
  return undefined;
}

async function main(): Promise<void> {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map(Number)) : undefined;
  const wanted = (item: number): boolean => !only || only.has(item);
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  const started = Date.now();
  const loadBefore = os.loadavg();
  const rows: Row[] = [];
  const raw: Record<string, unknown> = {};

  if (wanted(1)) {
    const sizes = measureSizes();
    raw['sizes'] = sizes;
    rows.push(...sizeRows(sizes));
  }
  if (wanted(6)) {
    progress(`Item 6: heap after saved conversations (${runs} processes)…`);
    const heap = benchHeap(runs);
    raw['heap'] = heap;
    rows.push(...heapRows(heap));
  }
  if (wanted(8)) {
    progress(`Item 8: log import, hostile and large logs (${runs} runs)…`);
    const logImport = await benchLogImport(runs, progress);
    raw['logImport'] = logImport;
    rows.push(...logImportRows(logImport));
  }
  if (wanted(13)) {
    progress(`Item 13 (issue 12): a save while streaming into a 20 MB conversation (${runs} runs)…`);
    const saves = await benchHistorySave(runs, progress);
    raw['historySave'] = saves;
    rows.push(...historySaveRows(saves));
  }
  if (wanted(14)) {
    progress(`Item 14 (issue 13): engine profile detection on the corpus vs the first detector (${runs} runs)…`);
    const profiles = await benchEngineProfile(runs, progress);
    raw['engineProfile'] = profiles;
    rows.push(...engineProfileRows(profiles));
  }
  if (wanted(15)) {
    progress(`Item 15 (issue 14): search_text over the corpus vs ripgrep run directly (${runs} runs per query)…`);
    const search = await benchAgentSearch(runs, progress);
    raw['agentSearch'] = search;
    rows.push(...agentSearchRows(search));
  }
  const gateway = await startGatewayProcess();
  try {
    if (wanted(16)) {
      progress(`Item 16 (issue 14): the agent's own overhead per tool call vs the same requests without the loop (${runs} runs)…`);
      const calls = await benchAgentCall(gateway, runs, progress);
      raw['agentCall'] = calls;
      rows.push(...agentCallRows(calls));
    }
    if (wanted(3) || wanted(4) || wanted(5) || wanted(7) || wanted(18)) {
      const harness = await Harness.start();
      try {
        if (wanted(3) || wanted(4) || wanted(5)) {
          progress(`Items 3–5: streaming into the real webview (${runs} runs per length)…`);
          const streaming = await benchStreaming(harness, gateway, runs, progress);
          raw['streaming'] = streaming;
          rows.push(...streamingRows(streaming).filter((r) => wanted(r.item)));
        }
        if (wanted(7)) {
          progress(`Item 7: a 1,000-message conversation (${runs} runs)…`);
          const big = await benchBigConversation(harness, gateway, runs, progress);
          raw['bigConversation'] = big;
          rows.push(...bigConversationRows(big));
        }
        if (wanted(18)) {
          progress('Item 18 (issue 16): memory with the 1,000-message conversation open and over 20 streamed 20,000-token answers…');
          const memory = await benchMemory(harness, gateway, progress);
          raw['memory'] = memory;
          rows.push(...memoryRows(memory));
        }
      } finally {
        await harness.close();
      }
    }
    if (wanted(2) || wanted(17)) {
      progress(`Items 2 and 17: activate() and the sidebar's cold open in code-server (${runs} window loads after a warm-up)…`);
      const activation = await benchActivation(runs, gateway.url, progress);
      raw['activation'] = activation;
      rows.push(...activationRows(activation).filter((r) => wanted(r.item)));
    }
  } finally {
    await gateway.stop();
  }

  rows.sort((a, b) => a.item - b.item);
  const seconds = (Date.now() - started) / 1000;
  const previous = previousRun();
  const table = formatTable(rows, previous?.rows ?? []);
  process.stdout.write(`\n${table}\n\n${previous ? `"Previous" is the run of ${previous.date}. ` : ''}${rows.length} figures, ${runs} runs each where timed, in ${seconds.toFixed(0)} s on ${os.cpus().length} CPUs (load ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} after).\n`);
  const results = {
    date: new Date(started).toISOString(),
    durationSeconds: seconds,
    runs,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, chromium: chromiumVersion(), loadBefore, loadAfter: os.loadavg() },
    rows: rows.map((row) => ({ ...row, ...verdict(row) })),
    previous: previous ? { date: previous.date, rows: previous.rows } : undefined,
    table,
    raw,
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`Written to ${path.relative(process.cwd(), RESULTS) || RESULTS}.\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
