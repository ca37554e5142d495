/**
 * Item 7 of issue 7: a saved conversation of 1,000 messages (about 2 MB) is opened from history
 * in the real webview, then a new answer streams into it. Measures the open (to painted), the
 * answer against the bare SDK streaming the very same request, and what is posted to the webview
 * while it streams (deltas only: never the transcript again).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type OpenAI from 'openai';
import type { Conversation, StoredMessage } from '../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles } from '../src/chat/historyStore';
import type { ChatTurn } from '../src/gateway/client';
import { answerTokens } from '../test/gateway/answers';
import { DISCIPLINES } from '../test/gateway/routing';
import type { Harness } from '../test/webview/harness';
import type { GatewayProcess } from './gatewayProcess';
import { baselineClient, baselineStream, benchQuestion, historyFolder, ProductSession, streamAnswer, type BaselineMeasure, type StreamMeasure } from './product';
import { handlingNote, paintRows } from './streaming';
import { median, type Row } from './stats';
import { nowMs } from './webviewProbe';

export const MESSAGES = 1_000;
/** Chunks per saved answer: about 4 KB of markdown each, so 1,000 messages make about 2 MB. */
const ANSWER_TOKENS = 560;
/** The new answer streamed into the open conversation. */
export const NEW_ANSWER_TOKENS = 5_000;
export const CONVERSATION_ID = 'bench-1000';

/** 500 questions and 500 answers of the gateway's markdown (headings, lists, code in many languages). */
export function bigConversation(): Conversation {
  const messages: StoredMessage[] = [];
  const start = Date.now() - 30 * 86_400_000;
  for (let i = 0; i < MESSAGES / 2; i++) {
    const discipline = DISCIPLINES[i % DISCIPLINES.length];
    const question = `Question ${i + 1} for the ${discipline.specialist}: how should I structure this part of the game? (tokens:${ANSWER_TOKENS})`;
    const at = start + i * 60_000;
    messages.push({ id: `q${i}`, role: 'user', text: question, status: 'complete', createdAt: at });
    const text = answerTokens({ question, system: '', discipline, json: false }).join('');
    messages.push({
      id: `a${i}`,
      role: 'assistant',
      text,
      status: 'complete',
      model: 'monster-gpt',
      discipline: { id: discipline.id, label: discipline.specialist, source: 'gateway' },
      createdAt: at + 5_000,
    });
  }
  return { id: CONVERSATION_ID, title: 'A long design thread', createdAt: start, updatedAt: start + MESSAGES * 30_000, messages };
}

/** A history folder holding only the big conversation, saved by the product's own store. */
export async function savedHistory(): Promise<{ folder: string; bytes: number }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-big-'));
  const store = new ConversationStore(new FolderHistoryFiles(folder), () => 500);
  await store.save(bigConversation());
  const file = fs.readdirSync(folder).find((f) => f.startsWith('conversation-'));
  return { folder, bytes: file ? fs.statSync(path.join(folder, file)).size : 0 };
}

export interface OpenMeasure {
  readonly openPaintMs: number;
  readonly longestTaskMs: number;
  readonly scriptMs: number;
  readonly conversationBytes: number;
  /** How long the view's listener took to handle the 'conversation' message (renders the transcript). */
  readonly handlingMs: number;
}

export interface BigConversationRuns {
  readonly fileBytes: number;
  readonly open: OpenMeasure[];
  readonly answer: StreamMeasure[];
  readonly baseline: BaselineMeasure[];
}

async function openFromHistory(session: ProductSession): Promise<OpenMeasure> {
  const { probed, controller } = session;
  await probed.resetHandling();
  const scriptBefore = await probed.scriptSeconds();
  let started = 0;
  const { result, longestTaskMs } = await probed.longestTaskDuring(async () => {
    started = nowMs();
    // What the host does when the view posts `openConversation` (History → a conversation).
    await controller.openConversation(CONVERSATION_ID);
    const index = probed.posted.findIndex((m) => m.type === 'conversation');
    if (index < 0) throw new Error('the conversation was not posted to the view');
    return { painted: await probed.paintOf(index), bytes: Buffer.byteLength(JSON.stringify(probed.posted[index])) };
  });
  const scriptAfter = await probed.scriptSeconds();
  const handlingMs = (await probed.handling())['conversation']?.maxMs ?? Number.NaN;
  return { openPaintMs: result.painted - started, longestTaskMs, scriptMs: (scriptAfter - scriptBefore) * 1000, conversationBytes: result.bytes, handlingMs };
}

export async function benchBigConversation(harness: Harness, gateway: GatewayProcess, runs: number, progress: (line: string) => void): Promise<BigConversationRuns> {
  const saved = await savedHistory();
  const client: OpenAI = baselineClient(gateway.url);
  const question = benchQuestion(NEW_ANSWER_TOKENS);
  let request: readonly ChatTurn[] | undefined;
  const results: BigConversationRuns = { fileBytes: saved.bytes, open: [], answer: [], baseline: [] };
  try {
    // Run 0 warms up and records the request the product sends (the question plus as much of
    // the conversation as fits the gateway's 64 KB), so the baseline streams the very same one.
    for (let run = 0; run <= runs; run++) {
      await gateway.reset();
      // Alternate which goes first (after the warm-up), so neither always gets the quieter moment.
      const baselineFirst = run > 0 && run % 2 === 0;
      const early = baselineFirst && request ? await baselineStream(client, request) : undefined;
      const session = await ProductSession.open(harness, gateway.url, historyFolder(saved.folder));
      let open: OpenMeasure;
      let answer: StreamMeasure;
      try {
        open = await openFromHistory(session);
        answer = await streamAnswer(session, question);
      } finally {
        await session.close();
      }
      request ??= ((await gateway.chatBodies())[0] as { messages: ChatTurn[] }).messages;
      const baseline = early ?? (await baselineStream(client, request));
      if (run === 0) continue;
      results.open.push(open);
      results.answer.push(answer);
      results.baseline.push(baseline);
      progress(
        `  1,000 messages, run ${run}/${runs}: opened in ${open.openPaintMs.toFixed(0)} ms (longest task ${open.longestTaskMs.toFixed(0)} ms), ` +
          `answer painted ${answer.lastPaintMs.toFixed(0)} ms vs SDK ${baseline.totalMs.toFixed(0)} ms, ${answer.posted.count} messages / ${(answer.posted.bytes / 1024).toFixed(1)} KB posted`,
      );
    }
  } finally {
    fs.rmSync(saved.folder, { recursive: true, force: true });
  }
  return results;
}

export function bigConversationRows(runs: BigConversationRuns): Row[] {
  const mb = (runs.fileBytes / 1024 / 1024).toFixed(2);
  const posted = runs.answer.map((a) => a.posted);
  const transcriptSent = posted.filter((p) => p.byType['init'] || p.byType['conversation']).length;
  const last = posted[posted.length - 1];
  const types = last ? Object.entries(last.byType).map(([type, s]) => `${s.count} ${type} (${(s.bytes / 1024).toFixed(1)} KB)`).join(', ') : '';
  const openMs = median(runs.open.map((o) => o.openPaintMs));
  return [
    {
      item: 7,
      figure: `open a 1,000-message conversation (${mb} MB) to painted`,
      value: openMs,
      unit: 'ms',
      goal: { max: 300 },
      runs: runs.open.length,
      note: `from the host's openConversation to the transcript painted; the 'conversation' message is ${((runs.open[0]?.conversationBytes ?? 0) / 1024).toFixed(1)} KB (the newest page); medians: longest webview task while opening ${median(runs.open.map((o) => o.longestTaskMs)).toFixed(0)} ms, of which the view's handling of that message ${median(runs.open.map((o) => o.handlingMs)).toFixed(0)} ms.`,
    },
    ...paintRows(7, `then ${NEW_ANSWER_TOKENS.toLocaleString('en-US')} tokens into it`, runs.baseline, runs.answer),
    {
      item: 7,
      figure: 'longest webview task while streaming into it',
      value: Math.max(...runs.answer.map((a) => a.longestTaskMs)),
      unit: 'ms',
      goal: { max: 50 },
      runs: runs.answer.length,
      note: `the slowest view work was (medians) ${handlingNote(runs.answer)}; the rest of a long task is style, layout and paint of the long transcript.`,
    },
    {
      item: 7,
      figure: 'posted to the webview while streaming into it',
      value: median(posted.map((p) => p.bytes / 1024)),
      unit: 'KB',
      check: { goal: 'deltas only', met: transcriptSent === 0, missedBy: `transcript re-sent in ${transcriptSent} run(s)` },
      runs: posted.length,
      note: `last run: ${last?.count ?? 0} messages: ${types}; largest ${((last?.largest.bytes ?? 0) / 1024).toFixed(1)} KB (${last?.largest.type ?? ''}); no 'init' or 'conversation' message in any run: ${transcriptSent === 0 ? 'yes' : 'no'}.`,
    },
  ];
}
