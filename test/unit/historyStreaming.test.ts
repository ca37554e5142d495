/**
 * Item 13 of issue 12: while an answer streams, a save appends what is new instead of rewriting
 * the whole conversation; the journal it appends to survives a torn last line, and is folded
 * back into the conversation file once the answer has ended.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation, StoredMessage } from '../../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles } from '../../src/chat/historyStore';
import { tempHistory } from './tempHistory';

/** Real files, counting the bytes every write and append puts on disk. */
class CountingFiles extends FolderHistoryFiles {
  written = 0;
  override async write(name: string, content: string): Promise<void> {
    this.written += Buffer.byteLength(content);
    return super.write(name, content);
  }
  override async append(name: string, content: string): Promise<void> {
    this.written += Buffer.byteLength(content);
    return super.append(name, content);
  }
}

function longConversation(id: string, messages: number): Conversation {
  const list: StoredMessage[] = Array.from({ length: messages }, (_, i) => ({
    id: `${id}-${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    text: `${i}: ${'Reuse particle systems instead of instantiating them. '.repeat(20)}`,
    status: 'complete',
    createdAt: i,
  }));
  return { id, title: 'Long', createdAt: 0, updatedAt: 0, messages: list };
}

describe('ConversationStore while an answer streams', () => {
  it('appends the new text instead of rewriting the conversation', async () => {
    const history = tempHistory();
    await new ConversationStore(history.files, () => 10).save(longConversation('long', 400));
    const fileBytes = fs.statSync(path.join(history.folder, 'conversation-long.json')).size;
    assert.ok(fileBytes > 400_000, `a ${fileBytes}-byte conversation`);

    const files = new CountingFiles(history.folder);
    const store = new ConversationStore(files, () => 10);
    const open = (await store.load('long')).conversation!;
    open.messages.push({ id: 'q', role: 'user', text: 'How do I pool muzzle flashes?', status: 'complete', createdAt: 1000 });
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: '', status: 'streaming', createdAt: 1001 };
    open.messages.push(answer);
    await store.save(open);
    const counts: number[] = [files.written];
    for (let i = 0; i < 5; i++) {
      files.written = 0;
      answer.text += `Chunk ${i} of the answer. `.repeat(10);
      await store.save(open);
      counts.push(files.written);
    }
    assert.ok(Math.max(...counts) < 5_000, `bytes written per save while streaming: ${counts.join(', ')} (the conversation is ${fileBytes} bytes)`);

    const reloaded = (await new ConversationStore(history.files, () => 10).load('long')).conversation;
    assert.equal(reloaded?.messages.length, 402);
    assert.equal(reloaded?.messages.at(-1)?.text, answer.text);
    assert.equal(reloaded?.messages.at(-1)?.status, 'incomplete', 'still streaming when "the window closed"');
  });

  it('ignores a torn last line of the journal (a crash mid-append)', async () => {
    const history = tempHistory();
    await new ConversationStore(history.files, () => 10).save(longConversation('c', 4));
    const store = new ConversationStore(history.files, () => 10);
    const open = (await store.load('c')).conversation!;
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: 'First part. ', status: 'streaming', createdAt: 10 };
    open.messages.push(answer);
    await store.save(open);
    answer.text += 'Second part.';
    await store.save(open);
    const journal = history.names().find((n) => n.endsWith('.jsonl'));
    assert.ok(journal, `a journal beside the conversation file: ${history.names().join(', ')}`);
    fs.appendFileSync(path.join(history.folder, journal), '{"type":"text","id":"a","at":24,"te');

    const loaded = await new ConversationStore(history.files, () => 10).load('c');
    assert.equal(loaded.conversation?.messages.at(-1)?.text, 'First part. Second part.');
    assert.equal(loaded.problem, undefined, 'a torn last line is expected after a crash, not damage to report');
    // The next save starts on a line of its own.
    const again = new ConversationStore(history.files, () => 10);
    const reopened = (await again.load('c')).conversation!;
    reopened.messages.push({ id: 'q2', role: 'user', text: 'Thanks', status: 'complete', createdAt: 20 });
    await again.save(reopened);
    assert.equal((await new ConversationStore(history.files, () => 10).load('c')).conversation?.messages.at(-1)?.id, 'q2');
  });

  it('folds the journal into the conversation file once the answer has ended', async () => {
    const history = tempHistory();
    await new ConversationStore(history.files, () => 10).save(longConversation('c', 4));
    const store = new ConversationStore(history.files, () => 10);
    const open = (await store.load('c')).conversation!;
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: 'Streaming…', status: 'streaming', createdAt: 10 };
    open.messages.push(answer);
    await store.save(open);
    assert.ok(history.names().some((n) => n.endsWith('.jsonl')), 'a journal while streaming');
    answer.status = 'complete';
    await store.save(open);
    await store.idle();
    assert.deepEqual(history.names(), ['conversation-c.json', 'index.json']);
    const file = JSON.parse(fs.readFileSync(path.join(history.folder, 'conversation-c.json'), 'utf8')) as Conversation;
    assert.deepEqual(file.messages.at(-1), answer);
  });

  it('reads history saved by earlier versions (one JSON file per conversation, index version 1)', async () => {
    const history = tempHistory();
    const old = longConversation('old', 2);
    fs.writeFileSync(path.join(history.folder, 'conversation-old.json'), JSON.stringify(old));
    fs.writeFileSync(path.join(history.folder, 'index.json'), JSON.stringify({ version: 1, current: 'old', conversations: [{ id: 'old', title: 'Long', updatedAt: 0, messageCount: 2 }] }));
    const store = new ConversationStore(history.files, () => 10);
    const current = (await store.current()).conversation!;
    assert.deepEqual(current, old);
    current.messages.push({ id: 'new', role: 'user', text: 'A follow-up', status: 'complete', createdAt: 5 });
    await store.save(current);
    assert.equal((await new ConversationStore(history.files, () => 10).load('old')).conversation?.messages.length, 3);
  });

  it('doubles nothing when a crash comes between writing the folded file and deleting the journal', async () => {
    const history = tempHistory();
    await new ConversationStore(history.files, () => 10).save(longConversation('c', 4));
    const store = new ConversationStore(history.files, () => 10);
    const open = (await store.load('c')).conversation!;
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: 'One. ', status: 'streaming', createdAt: 10 };
    open.messages.push(answer);
    await store.save(open);
    answer.text += 'Two. ';
    await store.save(open);
    answer.text += 'Three.';
    answer.status = 'complete';
    open.messages.push({ id: 'q2', role: 'user', text: 'Thanks', status: 'complete', createdAt: 11 });
    await store.save(open);
    const journal = path.join(history.folder, 'conversation-c.jsonl');
    const kept = fs.readFileSync(journal, 'utf8');
    await store.idle();
    assert.ok(!fs.existsSync(journal), 'folded');
    // The crash: the journal is still there beside the folded file.
    fs.writeFileSync(journal, kept);
    const loaded = (await new ConversationStore(history.files, () => 10).load('c')).conversation;
    assert.deepEqual(loaded?.messages.map((m) => [m.id, m.text.length]), [...open.messages.map((m) => [m.id, m.text.length])]);
    assert.equal(loaded?.messages.at(-2)?.text, 'One. Two. Three.');
  });

  it('writes again what an append that failed halfway (disk full) did not, and reads no damage', async () => {
    const history = tempHistory();
    await new ConversationStore(history.files, () => 10).save(longConversation('c', 4));
    let full = false;
    class HalfWrites extends FolderHistoryFiles {
      override async append(name: string, content: string): Promise<void> {
        if (!full) return super.append(name, content);
        await super.append(name, content.slice(0, content.length / 2));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
    }
    const store = new ConversationStore(new HalfWrites(history.folder), () => 10);
    const open = (await store.load('c')).conversation!;
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: 'Kept. ', status: 'streaming', createdAt: 10 };
    open.messages.push(answer);
    await store.save(open);
    full = true;
    answer.text += 'Lost at first. ';
    await assert.rejects(store.save(open), /ENOSPC/);
    full = false;
    answer.text += 'Then saved.';
    await store.save(open);
    const loaded = await new ConversationStore(history.files, () => 10).load('c');
    assert.equal(loaded.conversation?.messages.at(-1)?.text, 'Kept. Lost at first. Then saved.');
    assert.equal(loaded.problem, undefined);
  });

  it('keeps what changed while a save was on its way to disk (the answer ended mid-write)', async () => {
    const history = tempHistory();
    /** Holds the first write of the conversation (its text already made) until the test lets it go. */
    class SlowFiles extends FolderHistoryFiles {
      private markStarted!: () => void;
      readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));
      open!: () => void;
      private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
      private holding = true;
      override async write(name: string, content: string): Promise<void> {
        if (this.holding && name.startsWith('conversation-')) {
          this.holding = false;
          this.markStarted();
          await this.gate;
        }
        return super.write(name, content);
      }
    }
    const files = new SlowFiles(history.folder);
    const store = new ConversationStore(files, () => 10);
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: 'Pool them', status: 'streaming', createdAt: 2 };
    const open: Conversation = { id: 'c', title: 'Pooling', createdAt: 0, updatedAt: 0, messages: [{ id: 'q', role: 'user', text: 'How?', status: 'complete', createdAt: 1 }, answer] };
    const first = store.save(open);
    await files.started;
    // While the first write is on its way: the answer grows, ends, and gets a new field; the controller saves again.
    answer.text += ' in a ring buffer.';
    answer.status = 'complete';
    answer.tokens = { prompt: 10, completion: 5 };
    const second = store.save(open);
    files.open();
    await first;
    await second;
    const reloaded = (await new ConversationStore(new FolderHistoryFiles(history.folder), () => 10).load('c')).conversation;
    const saved = reloaded?.messages.find((m) => m.id === 'a');
    assert.deepEqual({ text: saved?.text, status: saved?.status, tokens: saved?.tokens }, { text: 'Pool them in a ring buffer.', status: 'complete', tokens: { prompt: 10, completion: 5 } });
  });
});
