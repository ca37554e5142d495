/**
 * Items 3–5 of issue 7: answers of 1,000 to 20,000 tokens streamed by the development gateway as
 * fast as it can, through the product into the real webview, against a bare `openai` client.
 * Baseline and product runs alternate (and take turns going first), so a busy moment of the
 * machine hits both.
 */
import type OpenAI from 'openai';
import type { Harness } from '../test/webview/harness';
import type { GatewayProcess } from './gatewayProcess';
import { baselineClient, baselineStream, benchQuestion, historyFolder, ProductSession, streamAnswer, type BaselineMeasure, type StreamMeasure } from './product';
import { median, type Row } from './stats';

export interface SizeRuns {
  readonly tokens: number;
  readonly baseline: BaselineMeasure[];
  readonly product: StreamMeasure[];
}

/** Lengths of item 3; 10,000 is there for item 4 (20,000 over 10,000). */
export const STREAM_SIZES = [1_000, 5_000, 10_000, 20_000] as const;
const SHOWN_SIZES = new Set([1_000, 5_000, 20_000]);

export async function baselineRun(client: OpenAI, question: string): Promise<BaselineMeasure> {
  return baselineStream(client, [{ role: 'user', content: question }]);
}

/**
 * One chat view for all runs, as a user keeps it open: a warm-up answer first (compiles the
 * webview's code paths), then each measured answer in a new chat (New Chat clears the transcript,
 * so every answer starts from the same page).
 */
export async function benchStreaming(
  harness: Harness,
  gateway: GatewayProcess,
  runs: number,
  progress: (line: string) => void,
): Promise<SizeRuns[]> {
  const client = baselineClient(gateway.url);
  const session = await ProductSession.open(harness, gateway.url, historyFolder());
  const results: SizeRuns[] = [];
  try {
    await baselineRun(client, benchQuestion(1_000));
    await streamAnswer(session, benchQuestion(1_000));
    for (const tokens of STREAM_SIZES) {
      const question = benchQuestion(tokens);
      const size: SizeRuns = { tokens, baseline: [], product: [] };
      for (let run = 0; run < runs; run++) {
        await gateway.reset();
        await session.controller.newChat();
        // Alternate which goes first, so neither always gets the quieter moment.
        let baseline: BaselineMeasure;
        let product: StreamMeasure;
        if (run % 2 === 0) {
          baseline = await baselineRun(client, question);
          product = await streamAnswer(session, question);
        } else {
          product = await streamAnswer(session, question);
          baseline = await baselineRun(client, question);
        }
        if (baseline.chunks !== tokens || baseline.chars !== product.chars) {
          throw new Error(`the answers differ: baseline ${baseline.chunks} chunks / ${baseline.chars} chars, product ${product.chars} chars`);
        }
        size.baseline.push(baseline);
        size.product.push(product);
        progress(
          `  ${thousands(tokens)} tokens, run ${run + 1}/${runs}: SDK ${baseline.totalMs.toFixed(0)} ms, painted ${product.lastPaintMs.toFixed(0)} ms; ` +
            `first chunk ${baseline.firstChunkMs.toFixed(1)} ms, first paint ${product.firstPaintMs.toFixed(1)} ms; ` +
            `script ${product.scriptMs.toFixed(0)} ms, longest task ${product.longestTaskMs.toFixed(1)} ms`,
        );
      }
      results.push(size);
    }
  } finally {
    await session.close();
  }
  return results;
}

/** The slowest synchronous handling per message type, medians over runs: "done 410 ms, delta 3 ms". */
export function handlingNote(product: readonly StreamMeasure[]): string {
  const types = [...new Set(product.flatMap((p) => Object.keys(p.handling)))];
  return types
    .map((type) => ({ type, ms: median(product.map((p) => p.handling[type]?.maxMs ?? 0)) }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((t) => `${t.type} ${t.ms.toFixed(1)} ms`)
    .join(', ');
}

/** Where the product's time went (medians), for the note under a row. */
export function timelineNote(product: readonly StreamMeasure[]): string {
  const at = (pick: (m: StreamMeasure) => number): string => `${median(product.map(pick)).toFixed(0)}`;
  return (
    `medians in ms from the question: response headers ${at((m) => m.timeline.headers)}; ` +
    `first delta posted ${at((m) => m.timeline.firstPosted)}, in the page ${at((m) => m.timeline.firstArrived)}, painted ${at((m) => m.firstPaintMs)}; ` +
    `last delta posted ${at((m) => m.timeline.lastPosted)}, in the page ${at((m) => m.timeline.lastArrived)}, painted ${at((m) => m.lastPaintMs)}; ` +
    `final state painted ${at((m) => m.donePaintMs)}; ${at((m) => m.posted.byType['delta']?.count ?? 0)} delta messages.`
  );
}

const thousands = (n: number): string => n.toLocaleString('en-US');

/** Item 3's rows for one length (also used for item 7's answer). */
export function paintRows(item: number, label: string, baseline: readonly BaselineMeasure[], product: readonly StreamMeasure[]): Row[] {
  const painted = median(product.map((p) => p.lastPaintMs));
  const consumed = median(baseline.map((b) => b.totalMs));
  const firstGap = median(product.map((p, i) => p.firstPaintMs - baseline[i].firstChunkMs));
  return [
    {
      item,
      figure: `${label}: last token painted`,
      value: painted,
      unit: 'ms',
      baseline: consumed,
      ratio: painted / consumed,
      goal: { max: 1.1 },
      goalOn: 'ratio',
      runs: product.length,
      note: timelineNote(product),
    },
    {
      item,
      figure: `${label}: first token painted − SDK first chunk`,
      value: firstGap,
      unit: 'ms',
      baseline: median(baseline.map((b) => b.firstChunkMs)),
      goal: { max: 16 },
      runs: product.length,
    },
  ];
}

export function streamingRows(sizes: readonly SizeRuns[]): Row[] {
  const rows: Row[] = [];
  for (const size of sizes.filter((s) => SHOWN_SIZES.has(s.tokens))) {
    rows.push(...paintRows(3, `${thousands(size.tokens)} tokens`, size.baseline, size.product));
  }
  const script = (tokens: number): number => median(sizes.find((s) => s.tokens === tokens)?.product.map((p) => p.scriptMs) ?? []);
  rows.push({
    item: 4,
    figure: 'webview scripting, 20,000 vs 10,000 tokens',
    value: script(20_000),
    unit: 'ms',
    baseline: script(10_000),
    ratio: script(20_000) / script(10_000),
    goal: { max: 2.3 },
    goalOn: 'ratio',
    runs: sizes[0]?.product.length ?? 0,
    note: 'CDP ScriptDuration of the page from the question to the final paint; baseline column = 10,000 tokens.',
  });
  const longest = sizes.map((s) => ({ tokens: s.tokens, median: median(s.product.map((p) => p.longestTaskMs)), max: Math.max(...s.product.map((p) => p.longestTaskMs)) }));
  const worst = Math.max(...longest.map((l) => l.max));
  const largest = sizes[sizes.length - 1];
  rows.push({
    item: 5,
    figure: 'longest webview task while streaming (any length)',
    value: worst,
    unit: 'ms',
    goal: { max: 50 },
    runs: sizes.reduce((n, s) => n + s.product.length, 0),
    note:
      `worst task in all streaming runs (Chromium trace); medians per length: ${longest.map((l) => `${thousands(l.tokens)}: ${l.median.toFixed(1)} ms`).join(', ')}` +
      (largest ? `; at ${thousands(largest.tokens)} tokens the slowest view work was (medians) ${handlingNote(largest.product)}; the rest of a long task is style, layout and paint.` : '.'),
  });
  return rows;
}
