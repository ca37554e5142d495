/**
 * The measured path, as real as it gets outside VS Code: the product's ChatController with its
 * GatewayClient (the `openai` SDK), a ConversationStore on real files, and the host-side
 * DeltaBatcher, posting into the real webview bundle in Chromium. Only VS Code's
 * `webview.postMessage` is replaced (by `window.postMessage` through CDP, see webviewProbe.ts);
 * ChatViewProvider does nothing else between the controller and the webview.
 *
 * And the baseline: a bare `openai` client in Node consuming the same stream.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { AnswerEngine } from '../src/answering/engine';
import { ChatController } from '../src/chat/chatController';
import { DeltaBatcher } from '../src/chat/deltaBatcher';
import { ConversationStore, FolderHistoryFiles } from '../src/chat/historyStore';
import { DisciplineRouter } from '../src/disciplines/router';
import { GatewayClient, type ChatTurn } from '../src/gateway/client';
import type { HostToWebview } from '../src/shared/protocol';
import type { Harness, WebviewPage } from '../test/webview/harness';
import { nowMs, PROBE_INIT, ProbedWebview, type Handling } from './webviewProbe';

/** A Studio key: every discipline, 1,000 requests a minute (rate limits are off anyway). */
export const BENCH_KEY = 'mg_live_studio_bench';
const SIGNUP_URL = 'https://monstergaming.ai/signup';

/** The question that makes the development gateway answer with exactly `tokens` chunks. */
export function benchQuestion(tokens: number): string {
  return `Give me a long answer about draw calls (benchmark, tokens:${tokens}).`;
}

/** A fresh history folder; `from` is copied in first (a saved conversation to open). */
export function historyFolder(from?: string): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-history-'));
  if (from) fs.cpSync(from, folder, { recursive: true });
  return folder;
}

/** How many messages of each type were posted to the webview, and how many bytes. */
export interface PostedStats {
  readonly count: number;
  readonly bytes: number;
  readonly byType: Readonly<Record<string, { readonly count: number; readonly bytes: number }>>;
  readonly largest: { readonly type: string; readonly bytes: number };
}

export function postedStats(messages: readonly HostToWebview[]): PostedStats {
  const byType: Record<string, { count: number; bytes: number }> = {};
  let largest = { type: '', bytes: 0 };
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(JSON.stringify(message));
    const entry = (byType[message.type] ??= { count: 0, bytes: 0 });
    entry.count++;
    entry.bytes += size;
    bytes += size;
    if (size > largest.bytes) largest = { type: message.type, bytes: size };
  }
  return { count: messages.length, bytes, byType, largest };
}

/** One open chat: the controller in Node, the view in Chromium. */
export class ProductSession {
  private constructor(
    readonly view: WebviewPage,
    readonly probed: ProbedWebview,
    readonly controller: ChatController,
    private readonly batcher: DeltaBatcher,
    private readonly folder: string,
  ) {}

  /** Opens a fresh view and a controller over `folder` (a history folder, see historyFolder()). */
  static async open(harness: Harness, gatewayUrl: string, folder: string): Promise<ProductSession> {
    const view = await harness.open({ initScript: PROBE_INIT });
    const probed = await ProbedWebview.attach(view.page);
    const batcher = new DeltaBatcher((message) => probed.post(message));
    const settings = { model: 'monster-gpt', discipline: 'auto', rateLimitMaxWaitSeconds: 60 };
    const engine = new AnswerEngine({
      gateway: new GatewayClient(() => Promise.resolve({ baseUrl: gatewayUrl, apiKey: BENCH_KEY }), {
        userAgent: 'monster-gaming-vscode/bench',
        idleTimeoutMs: () => 60_000,
      }),
      settings: () => settings,
      hasKey: () => Promise.resolve(true),
      router: new DisciplineRouter(),
    });
    const controller = new ChatController({
      engine,
      settings: () => settings,
      account: () => ({ hasKey: true, label: 'Studio · live', signupUrl: SIGNUP_URL }),
      // 500 is the setting's maximum; nothing is dropped while benchmarking.
      store: new ConversationStore(new FolderHistoryFiles(folder), () => 500),
      post: (message) => batcher.post(message),
    });
    await controller.whenRestored();
    return new ProductSession(view, probed, controller, batcher, folder);
  }

  async close(): Promise<void> {
    this.controller.dispose();
    this.batcher.dispose();
    await this.probed.close();
    await this.view.close();
    fs.rmSync(this.folder, { recursive: true, force: true });
  }
}

/** Where the time of a streamed answer went, in ms from the moment the host got the question. */
export interface StreamTimeline {
  /** The response headers were in (the controller posts the gateway's discipline then). */
  readonly headers: number;
  readonly firstPosted: number;
  readonly firstArrived: number;
  readonly lastPosted: number;
  readonly lastArrived: number;
}

/** One streamed answer, times in ms from the moment the host got the question. */
export interface StreamMeasure {
  readonly firstPaintMs: number;
  readonly lastPaintMs: number;
  /** The final state (status, full re-render of the answer) on screen. */
  readonly donePaintMs: number;
  readonly timeline: StreamTimeline;
  /** JavaScript run in the page meanwhile. */
  readonly scriptMs: number;
  readonly longestTaskMs: number;
  /** How long the view's message listener ran per message type, and its animation-frame callbacks. */
  readonly handling: Readonly<Record<string, Handling>>;
  /** Everything posted to the webview from the question to the end. */
  readonly posted: PostedStats;
  /** Characters of the answer. */
  readonly chars: number;
}

/**
 * Asks `question` as if typed in the view (the host's `send` handler calls exactly
 * `controller.send`) and waits until the whole answer and its final state are painted.
 */
export async function streamAnswer(session: ProductSession, question: string): Promise<StreamMeasure> {
  const { probed, controller } = session;
  // Whatever came before is on screen and its garbage collected: it does not count.
  if (probed.posted.length > 0) await probed.paintOf(probed.posted.length - 1);
  await probed.collectGarbage();
  await probed.resetHandling();
  const from = probed.posted.length;
  const scriptBefore = await probed.scriptSeconds();
  let started = 0;
  const { result, longestTaskMs } = await probed.longestTaskDuring(async () => {
    started = nowMs();
    await controller.send({ text: question });
    const types = probed.posted.map((m, i) => (i < from ? '' : m.type));
    const index = { first: types.indexOf('delta'), last: types.lastIndexOf('delta'), done: types.indexOf('done'), headers: types.indexOf('discipline') };
    if (index.first < 0 || index.done < 0) throw new Error(`no answer was streamed: ${types.slice(from).join(', ')}`);
    return {
      index,
      firstPaint: await probed.paintOf(index.first),
      lastPaint: await probed.paintOf(index.last),
      donePaint: await probed.paintOf(index.done),
      arrivals: await probed.arrivals(),
      handling: await probed.handling(),
    };
  });
  const scriptAfter = await probed.scriptSeconds();
  const answer = controller.messages[controller.messages.length - 1];
  if (answer.status !== 'complete') throw new Error(`the answer ended '${answer.status}': ${answer.error?.message ?? ''}`);
  const { index, arrivals } = result;
  const since = (t: number | undefined): number => (t === undefined ? Number.NaN : t - started);
  return {
    firstPaintMs: since(result.firstPaint),
    lastPaintMs: since(result.lastPaint),
    donePaintMs: since(result.donePaint),
    timeline: {
      headers: since(probed.postedAt[index.headers]),
      firstPosted: since(probed.postedAt[index.first]),
      firstArrived: since(arrivals[index.first]),
      lastPosted: since(probed.postedAt[index.last]),
      lastArrived: since(arrivals[index.last]),
    },
    scriptMs: (scriptAfter - scriptBefore) * 1000,
    longestTaskMs,
    handling: result.handling,
    posted: postedStats(probed.posted.slice(from)),
    chars: answer.text.length,
  };
}

/** The baseline: a bare SDK client consuming the stream. Times in ms from the call. */
export interface BaselineMeasure {
  readonly firstChunkMs: number;
  /** Until the stream is consumed (the iterator ends after `[DONE]`). */
  readonly totalMs: number;
  readonly chunks: number;
  readonly chars: number;
}

export function baselineClient(gatewayUrl: string): OpenAI {
  return new OpenAI({ apiKey: BENCH_KEY, baseURL: gatewayUrl, maxRetries: 0 });
}

export async function baselineStream(client: OpenAI, messages: readonly ChatTurn[], model = 'monster-gpt'): Promise<BaselineMeasure> {
  const started = nowMs();
  let first = Number.NaN;
  let chunks = 0;
  let chars = 0;
  const stream = await client.chat.completions.create({ model, stream: true, messages: messages.map((m) => ({ ...m })) });
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.delta?.content;
    if (!text) continue;
    if (chunks === 0) first = nowMs() - started;
    chunks++;
    chars += text.length;
  }
  return { firstChunkMs: first, totalMs: nowMs() - started, chunks, chars };
}
