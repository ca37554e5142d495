import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation } from '../../src/chat/conversation';
import { ConversationStore, MAX_MESSAGES_PER_CONVERSATION } from '../../src/chat/historyStore';
import { tempHistory } from './tempHistory';

function conversation(id: string, updatedAt: number, messages = 2): Conversation {
  return {
    id,
    title: `Conversation ${id}`,
    createdAt: updatedAt,
    updatedAt,
    messages: Array.from({ length: messages }, (_, i) => ({
      id: `${id}-${i}`,
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      text: `message ${i}`,
      status: 'complete' as const,
      createdAt: updatedAt,
    })),
  };
}

describe('ConversationStore', () => {
  it('saves, lists newest first, and loads conversations', async () => {
    const store = new ConversationStore(tempHistory().files, () => 10);
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    assert.deepEqual(store.list().map((s) => s.id), ['b', 'a']);
    assert.equal((await store.load('a'))?.messages.length, 2);
    assert.equal(store.list()[0].messageCount, 2);
  });

  it('survives a new store over the same folder (a window reload)', async () => {
    const history = tempHistory();
    const before = new ConversationStore(history.files, () => 10);
    await before.save(conversation('a', 1));
    await before.save(conversation('b', 2));
    await before.setCurrent('a');
    const after = new ConversationStore(history.files, () => 10);
    await after.ready();
    assert.deepEqual(after.list().map((s) => s.id), ['b', 'a']);
    assert.equal((await after.current())?.id, 'a');
  });

  it('marks an answer that was streaming at reload as incomplete', async () => {
    const store = new ConversationStore(tempHistory().files, () => 10);
    const c = conversation('a', 1);
    c.messages[1].status = 'streaming';
    await store.save(c);
    assert.equal((await store.load('a'))?.messages[1].status, 'incomplete');
  });

  it('keeps at most maxConversations, deleting the oldest files', async () => {
    const history = tempHistory();
    const store = new ConversationStore(history.files, () => 3);
    for (let i = 0; i < 5; i++) {
      await store.save(conversation(`c${i}`, i));
    }
    assert.deepEqual(store.list().map((s) => s.id), ['c4', 'c3', 'c2']);
    assert.equal(await store.load('c0'), undefined);
    assert.deepEqual(history.names(), ['conversation-c2.json', 'conversation-c3.json', 'conversation-c4.json', 'index.json']);
  });

  it('bounds the messages of one conversation', async () => {
    const store = new ConversationStore(tempHistory().files, () => 3);
    await store.save(conversation('big', 1, MAX_MESSAGES_PER_CONVERSATION + 10));
    const loaded = await store.load('big');
    assert.equal(loaded?.messages.length, MAX_MESSAGES_PER_CONVERSATION);
    assert.equal(loaded?.messages[0].id, 'big-10', 'the oldest go first');
  });

  it('does not keep empty conversations', async () => {
    const history = tempHistory();
    const store = new ConversationStore(history.files, () => 3);
    await store.save(conversation('empty', 1, 0));
    assert.deepEqual(store.list(), []);
    assert.deepEqual(history.names(), []);
  });

  it('deletes a conversation and forgets it as current', async () => {
    const history = tempHistory();
    const store = new ConversationStore(history.files, () => 3);
    await store.save(conversation('a', 1));
    await store.setCurrent('a');
    await store.delete('a');
    assert.deepEqual(store.list(), []);
    assert.equal(await store.current(), undefined);
    assert.deepEqual(history.names(), ['index.json']);
  });

  it('keeps ids from escaping the folder', async () => {
    const history = tempHistory();
    const store = new ConversationStore(history.files, () => 3);
    await store.save(conversation('../../evil', 1));
    assert.ok(history.names().every((n) => !n.includes('/')));
    assert.ok(!fs.existsSync(path.join(history.folder, '..', '..', 'evil.json')));
  });

  it('survives a corrupt index', async () => {
    const history = tempHistory();
    fs.writeFileSync(path.join(history.folder, 'index.json'), '{not json');
    const store = new ConversationStore(history.files, () => 3);
    await store.ready();
    assert.deepEqual(store.list(), []);
    await store.save(conversation('a', 1));
    const reopened = new ConversationStore(history.files, () => 3);
    await reopened.ready();
    assert.deepEqual(reopened.list().map((c) => c.id), ['a'], 'the next save rewrote a good index');
  });
});
