/**
 * Item 6 of issue 7, run in a process of its own with `--expose-gc` (bench/heap.ts starts it):
 * the heap the product's ConversationStore keeps after saving 200 conversations to real files,
 * against the same process's heap just before (modules loaded, collected), and after a "reload"
 * (a new store reading the same folder, as activate() does). Prints one JSON line.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Conversation, StoredMessage } from '../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles } from '../src/chat/historyStore';
import { answerTokens } from '../test/gateway/answers';
import { DISCIPLINES } from '../test/gateway/routing';

export const CONVERSATIONS = 200;
/** Questions and answers per conversation (the gateway's canned answers, about 1–2 KB each). */
export const MESSAGES_EACH = 10;

export interface HeapReport {
  readonly conversations: number;
  readonly messagesEach: number;
  readonly diskBytes: number;
  /** heapUsed in bytes, each after full collections. */
  readonly before: number;
  readonly afterSave: number;
  readonly afterReload: number;
}

function conversation(n: number): Conversation {
  const messages: StoredMessage[] = [];
  const at = Date.now() - n * 3_600_000;
  for (let i = 0; i < MESSAGES_EACH / 2; i++) {
    const discipline = DISCIPLINES[(n + i) % DISCIPLINES.length];
    const question = `Conversation ${n}, question ${i}: how do I approach this ${discipline.id} problem in my game?`;
    messages.push({ id: `c${n}q${i}`, role: 'user', text: question, status: 'complete', createdAt: at + i * 1000 });
    const text = answerTokens({ question, system: '', discipline, json: false }).join('');
    messages.push({ id: `c${n}a${i}`, role: 'assistant', text, status: 'complete', model: 'monster-gpt', createdAt: at + i * 1000 + 500 });
  }
  return { id: `conv-${n}`, title: `Conversation ${n}`, createdAt: at, updatedAt: at + MESSAGES_EACH * 1000, messages };
}

async function collectedHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}

function folderBytes(folder: string): number {
  return fs.readdirSync(folder).reduce((sum, f) => sum + fs.statSync(path.join(folder, f)).size, 0);
}

async function main(): Promise<void> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-heap-'));
  try {
    // Warm the code paths once (a throwaway store elsewhere), so compiled code is not counted.
    const warmFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-heap-warm-'));
    await new ConversationStore(new FolderHistoryFiles(warmFolder), () => 500).save(conversation(0));
    fs.rmSync(warmFolder, { recursive: true, force: true });

    const before = await collectedHeap();
    let store: ConversationStore | undefined = new ConversationStore(new FolderHistoryFiles(folder), () => 500);
    for (let n = 0; n < CONVERSATIONS; n++) await store.save(conversation(n));
    const afterSave = await collectedHeap();
    if (store.list().length !== CONVERSATIONS) throw new Error(`the store lists ${store.list().length} conversations`);
    store = undefined;

    const reloaded = new ConversationStore(new FolderHistoryFiles(folder), () => 500);
    await reloaded.ready();
    const afterReload = await collectedHeap();
    if (reloaded.list().length !== CONVERSATIONS) throw new Error(`the reloaded store lists ${reloaded.list().length} conversations`);

    const report: HeapReport = { conversations: CONVERSATIONS, messagesEach: MESSAGES_EACH, diskBytes: folderBytes(folder), before, afterSave, afterReload };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
