/**
 * The real chat webview in Chromium (test/webview/harness.ts), fed by the bench the way VS Code
 * feeds it (`window.postMessage` of each host message), with a probe that records when what
 * arrived was painted, and CDP for scripting time and the longest main-thread task.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { HostToWebview } from '../src/shared/protocol';

/** Epoch milliseconds with sub-millisecond resolution (the page uses the same definition). */
export const nowMs = (): number => performance.timeOrigin + performance.now();

/**
 * Runs before the bundle (harness `initScript`): its message listener comes before the view's, so
 * it marks when the view starts handling a message; and it times every animation-frame callback
 * the view asks for (where the view renders what streamed in).
 */
export const PROBE_INIT = `(() => {
  const probe = { seq: 0, paints: [], arrivals: [], handling: {}, pending: false, handlingFrom: 0 };
  window.__bench = probe;
  probe.note = (key, ms) => {
    const h = (probe.handling[key] ??= { count: 0, totalMs: 0, maxMs: 0 });
    h.count++; h.totalMs += ms; h.maxMs = Math.max(h.maxMs, ms);
  };
  window.addEventListener('message', () => { probe.handlingFrom = performance.now(); });
  const raf = window.requestAnimationFrame.bind(window);
  probe.raf = raf;
  window.requestAnimationFrame = (callback) => raf((time) => {
    const start = performance.now();
    try { callback(time); } finally { probe.note('animation frame', performance.now() - start); }
  });
})()`;

/**
 * Installed once the view is up, so its listener comes after the view's: within one message event
 * the view has handled the message (and scheduled its render frame) when this runs. It notes how
 * long the view's handling took, counts `seq`, and on the next animation frame notes how many
 * messages arrived; a task posted from that frame runs once the frame (the view's render
 * included) has been laid out and painted: that time is the paint of every message counted.
 * Harness sync messages carry no `type` and are not counted.
 */
const PROBE = `(() => {
  const probe = window.__bench;
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m.type !== 'string') return;
    probe.note(m.type, performance.now() - probe.handlingFrom);
    probe.seq++;
    probe.arrivals.push(performance.timeOrigin + performance.now());
    if (probe.pending) return;
    probe.pending = true;
    probe.raf(() => {
      probe.pending = false;
      const seq = probe.seq;
      const channel = new MessageChannel();
      channel.port1.onmessage = () => probe.paints.push([seq, performance.timeOrigin + performance.now()]);
      channel.port2.postMessage(null);
    });
  });
})()`;

interface PageWindow {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** How long the view's message listener (or, for 'animation frame', its frame callbacks) took. */
export interface Handling {
  readonly count: number;
  readonly totalMs: number;
  readonly maxMs: number;
}

interface ProbeGlobals {
  __bench: { seq: number; paints: Array<[number, number]>; arrivals: number[]; handling: Record<string, Handling> };
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly dur?: number;
  readonly args?: { readonly name?: string };
}

/** Trace events of one task each (Chromium's scheduler wraps every main-thread task in one). */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** The longest task (ms) on the busiest renderer main thread of a trace. */
export function longestRendererTask(events: readonly TraceEvent[]): number {
  const rendererMain = new Set(
    events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const busy = new Map<string, { total: number; longest: number }>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !TASK_EVENTS.has(e.name) || e.dur === undefined || !rendererMain.has(thread)) continue;
    const stats = busy.get(thread) ?? { total: 0, longest: 0 };
    stats.total += e.dur;
    stats.longest = Math.max(stats.longest, e.dur);
    busy.set(thread, stats);
  }
  const busiest = [...busy.values()].sort((a, b) => b.total - a.total)[0];
  return busiest ? busiest.longest / 1000 : Number.NaN;
}

/** A webview page the bench posts host messages into and reads paint times from. */
export class ProbedWebview {
  /** Every host message posted, in order (index i is the probe's seq i + 1). */
  readonly posted: HostToWebview[] = [];
  /** Node-clock time of each post. */
  readonly postedAt: number[] = [];
  /** Page clock minus Node clock, from the round trip with the smallest delay. */
  private offset = 0;
  /** Half that round trip: how far off a page time converted to the Node clock can be. */
  clockErrorMs = 0;

  private constructor(
    readonly page: Page,
    private readonly cdp: CDPSession,
  ) {}

  /** Call once the view, opened with `initScript: PROBE_INIT`, has answered `ready` and got `init`. */
  static async attach(page: Page): Promise<ProbedWebview> {
    await page.evaluate(PROBE);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const probed = new ProbedWebview(page, cdp);
    await probed.syncClock();
    return probed;
  }

  private async syncClock(): Promise<void> {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 15; i++) {
      const before = nowMs();
      const pageNow = await this.page.evaluate(() => performance.timeOrigin + performance.now());
      const after = nowMs();
      if (after - before < best) {
        best = after - before;
        this.offset = pageNow - (before + after) / 2;
      }
    }
    this.clockErrorMs = best / 2;
  }

  /** Delivers a host message like VS Code does (not awaited: the host does not wait either). */
  post(message: HostToWebview): void {
    this.posted.push(message);
    this.postedAt.push(nowMs());
    this.page
      .evaluate((m) => (globalThis as unknown as PageWindow).postMessage(m, '*'), message)
      .catch(() => undefined);
  }

  /** Replaces what was posted so far by its type only (the memory bench: the texts are the probe's, not the product's). */
  forgetPostedTexts(): void {
    for (let i = 0; i < this.posted.length; i++) this.posted[i] = { type: 'messageRemoved', id: this.posted[i]?.type ?? '' };
  }

  /** Node-clock time at which message `index` (and all before it) was on screen. */
  async paintOf(index: number, timeoutMs = 60_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const paints = await this.page.evaluate(() => (globalThis as unknown as ProbeGlobals).__bench.paints);
      const paint = paints.find(([seq]) => seq >= index + 1);
      if (paint) return paint[1] - this.offset;
      if (Date.now() > deadline) throw new Error(`message ${index} (${this.posted[index]?.type}) was not painted within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Node-clock times at which each posted message reached the page's listeners. */
  async arrivals(): Promise<number[]> {
    const arrivals = await this.page.evaluate(() => (globalThis as unknown as ProbeGlobals).__bench.arrivals);
    return arrivals.map((t) => t - this.offset);
  }

  /** Node-clock times of every paint, with the number of messages it showed. */
  async paints(): Promise<Array<[number, number]>> {
    const paints = await this.page.evaluate(() => (globalThis as unknown as ProbeGlobals).__bench.paints);
    return paints.map(([seq, t]) => [seq, t - this.offset]);
  }

  /** Synchronous handling time of the view's listener per message type, since the probe was installed. */
  async handling(): Promise<Record<string, Handling>> {
    return this.page.evaluate(() => (globalThis as unknown as ProbeGlobals).__bench.handling);
  }

  /** Forgets the handling times so far (each measured answer starts from zero). */
  async resetHandling(): Promise<void> {
    await this.page.evaluate(() => {
      (globalThis as unknown as ProbeGlobals).__bench.handling = {};
    });
  }

  /** Collects the page's garbage, so one run's leftovers are not collected during the next. */
  async collectGarbage(): Promise<void> {
    await this.cdp.send('HeapProfiler.collectGarbage');
  }

  /** The page's JS heap in use after a full collection (CDP `Runtime.getHeapUsage`), in bytes. */
  async heapUsed(): Promise<number> {
    await this.collectGarbage();
    await this.collectGarbage();
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    return usedSize;
  }

  /** Seconds of JavaScript run in the page so far (CDP `Performance.getMetrics` ScriptDuration). */
  async scriptSeconds(): Promise<number> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'ScriptDuration')?.value ?? Number.NaN;
  }

  /** Runs `work` under a Chromium trace (tasks only, cheap) and returns the longest page task in ms. */
  async longestTaskDuring<T>(work: () => Promise<T>): Promise<{ result: T; longestTaskMs: number }> {
    const events: TraceEvent[] = [];
    const collect = (data: { value: object[] }): void => {
      for (const event of data.value) events.push(event as TraceEvent);
    };
    this.cdp.on('Tracing.dataCollected', collect);
    await this.cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel'] }, transferMode: 'ReportEvents' });
    let result: T;
    try {
      result = await work();
    } finally {
      // Events keep arriving until the trace is complete, so the listener stays until then.
      await this.endTrace().finally(() => this.cdp.off('Tracing.dataCollected', collect));
    }
    return { result, longestTaskMs: longestRendererTask(events) };
  }

  private async endTrace(): Promise<void> {
    const complete = new Promise<void>((resolve) => this.cdp.once('Tracing.tracingComplete', () => resolve()));
    await this.cdp.send('Tracing.end');
    await complete;
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
