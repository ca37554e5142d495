/**
 * Item 13 of issue 12: what one save costs while an answer streams into a 20 MB conversation.
 * Before, every save (once a second while streaming) rewrote the whole conversation; now it
 * appends the new text to the conversation's journal. Both are measured here, in this process,
 * on real files in the OS temp folder, alternating run by run:
 *
 * - the old full rewrite, as the code before it did it: `JSON.stringify` of the conversation,
 *   a temporary file, a rename, then the index the same way (no fsync);
 * - the product's ConversationStore.save() of the same conversation after one more second of
 *   answer (about 60 tokens), with its lock, fsync'd append and index check.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { summarize, type Conversation, type StoredMessage } from '../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles } from '../src/chat/historyStore';
import { answerTokens } from '../test/gateway/answers';
import { DISCIPLINES } from '../test/gateway/routing';
import { median, type Row } from './stats';

/** Question/answer pairs, leaving room for the new question and answer under the 2,000-message cap. */
const PAIRS = 999;
/** Chunks per saved answer: about 10 KB of markdown each, so the conversation is about 20 MB. */
const ANSWER_TOKENS = 2_550;
/** What a streaming answer adds between two saves (one second at ~60 tokens a second). */
const SECOND_OF_TOKENS = 60;

function twentyMegabytes(): Conversation {
  const messages: StoredMessage[] = [];
  const start = Date.now() - 90 * 86_400_000;
  for (let i = 0; i < PAIRS; i++) {
    const discipline = DISCIPLINES[i % DISCIPLINES.length];
    const question = `Question ${i + 1}: how should I structure this part of the game? (tokens:${ANSWER_TOKENS})`;
    const at = start + i * 60_000;
    messages.push({ id: `q${i}`, role: 'user', text: question, status: 'complete', createdAt: at });
    const text = answerTokens({ question, system: '', discipline, json: false }).join('');
    messages.push({ id: `a${i}`, role: 'assistant', text, status: 'complete', model: 'monster-gpt', discipline: { id: discipline.id, label: discipline.specialist, source: 'gateway' }, createdAt: at + 5_000 });
  }
  return { id: 'bench-20mb', title: 'A very long design thread', createdAt: start, updatedAt: start + PAIRS * 60_000, messages };
}

/** The save this replaced (historyStore.ts before issue 12), for the same conversation. */
async function oldFullRewrite(folder: string, conversation: Conversation): Promise<void> {
  const write = async (name: string, content: string): Promise<void> => {
    await fs.promises.mkdir(folder, { recursive: true });
    const target = path.join(folder, name);
    const temp = `${target}.${process.pid}.tmp`;
    await fs.promises.writeFile(temp, content, 'utf8');
    await fs.promises.rename(temp, target);
  };
  const content = JSON.stringify(conversation);
  await write(`conversation-${conversation.id}.json`, content);
  await write('index.json', JSON.stringify({ version: 1, current: conversation.id, conversations: [summarize(conversation)] }));
}

const folderBytes = (folder: string): number => fs.readdirSync(folder).reduce((sum, f) => sum + (fs.statSync(path.join(folder, f)).isFile() ? fs.statSync(path.join(folder, f)).size : 0), 0);

export interface HistorySaveRuns {
  readonly conversationBytes: number;
  readonly oldMs: number[];
  readonly newMs: number[];
  /** Bytes the new save added to the folder, per save. */
  readonly newBytes: number[];
  readonly journalBytesAtEnd: number;
}

export async function benchHistorySave(runs: number, progress: (line: string) => void): Promise<HistorySaveRuns> {
  const oldFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-save-old-'));
  const newFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mg-bench-save-new-'));
  try {
    const conversation = twentyMegabytes();
    await new ConversationStore(new FolderHistoryFiles(newFolder), () => 50).save(conversation);
    const conversationBytes = fs.statSync(path.join(newFolder, `conversation-${conversation.id}.json`)).size;

    // A window that opened the conversation and asked a question; the answer is streaming.
    const store = new ConversationStore(new FolderHistoryFiles(newFolder), () => 50);
    const open = (await store.load(conversation.id)).conversation;
    if (!open) throw new Error('the 20 MB conversation did not load');
    const tokens = answerTokens({ question: `tokens:${SECOND_OF_TOKENS * (runs + 2)}`, system: '', discipline: DISCIPLINES[0], json: false });
    open.messages.push({ id: 'q-new', role: 'user', text: 'And how do I profile it?', status: 'complete', createdAt: Date.now() });
    const answer: StoredMessage = { id: 'a-new', role: 'assistant', text: '', status: 'streaming', model: 'monster-gpt', createdAt: Date.now() };
    open.messages.push(answer);
    await store.save(open);
    await oldFullRewrite(oldFolder, open);

    const results: HistorySaveRuns = { conversationBytes, oldMs: [], newMs: [], newBytes: [], journalBytesAtEnd: 0 };
    // Run 0 warms up both paths.
    for (let run = 0; run <= runs; run++) {
      answer.text += tokens.slice(run * SECOND_OF_TOKENS, (run + 1) * SECOND_OF_TOKENS).join('');
      open.updatedAt = Date.now();
      const measureNew = async (): Promise<void> => {
        const before = folderBytes(newFolder);
        const started = performance.now();
        await store.save(open);
        const ms = performance.now() - started;
        if (run > 0) {
          results.newMs.push(ms);
          results.newBytes.push(folderBytes(newFolder) - before);
        }
      };
      const measureOld = async (): Promise<void> => {
        const started = performance.now();
        await oldFullRewrite(oldFolder, open);
        if (run > 0) results.oldMs.push(performance.now() - started);
      };
      // Alternate which goes first, so neither always gets the quieter moment.
      if (run % 2 === 0) {
        await measureNew();
        await measureOld();
      } else {
        await measureOld();
        await measureNew();
      }
      if (run > 0) progress(`  save ${run}/${runs}: old full rewrite ${results.oldMs.at(-1)?.toFixed(0)} ms, append ${results.newMs.at(-1)?.toFixed(2)} ms (+${results.newBytes.at(-1)} bytes)`);
    }
    return { ...results, journalBytesAtEnd: fs.statSync(path.join(newFolder, `conversation-${conversation.id}.jsonl`)).size };
  } finally {
    fs.rmSync(oldFolder, { recursive: true, force: true });
    fs.rmSync(newFolder, { recursive: true, force: true });
  }
}

export function historySaveRows(runs: HistorySaveRuns): Row[] {
  const mb = (runs.conversationBytes / 1024 / 1024).toFixed(1);
  const value = median(runs.newMs);
  const baseline = median(runs.oldMs);
  return [
    {
      item: 13,
      figure: `a save while streaming into a ${mb} MB conversation`,
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      runs: runs.newMs.length,
      check: { goal: 'appends, no rewrite', met: median(runs.newBytes) < runs.conversationBytes / 1000, missedBy: `${median(runs.newBytes).toFixed(0)} bytes written per save` },
      note:
        `ConversationStore.save() after one more second of answer (appends to the journal, fsync, under the folder lock) against the old full rewrite ` +
        `(JSON.stringify, temporary file, rename; no fsync) of the same conversation, alternating in this process; ` +
        `median ${median(runs.newBytes).toFixed(0)} bytes written per save instead of ${runs.conversationBytes.toLocaleString('en-US')}; journal ${runs.journalBytesAtEnd.toLocaleString('en-US')} bytes after ${runs.newMs.length + 2} saves.`,
    },
  ];
}
