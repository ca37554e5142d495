import * as assert from 'node:assert/strict';
import type { Conversation } from '../../src/chat/conversation';
import { ConversationStore, MAX_MESSAGES_PER_CONVERSATION } from '../../src/chat/historyStore';
import { MemoryMemento } from './memento';

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
    const store = new ConversationStore(new MemoryMemento(), () => 10);
    await store.save(conversation('a', 1));
    await store.save(conversation('b', 2));
    assert.deepEqual(store.list().map((s) => s.id), ['b', 'a']);
    assert.equal(store.load('a')?.messages.length, 2);
    assert.equal(store.list()[0].messageCount, 2);
  });

  it('survives a new store over the same state (a window reload)', async () => {
    const memento = new MemoryMemento();
    const before = new ConversationStore(memento, () => 10);
    await before.save(conversation('a', 1));
    await before.setCurrent('a');
    const after = new ConversationStore(memento, () => 10);
    assert.equal(after.current()?.id, 'a');
  });

  it('marks an answer that was streaming at reload as incomplete', async () => {
    const memento = new MemoryMemento();
    const store = new ConversationStore(memento, () => 10);
    const c = conversation('a', 1);
    c.messages[1].status = 'streaming';
    await store.save(c);
    assert.equal(store.load('a')?.messages[1].status, 'incomplete');
  });

  it('keeps at most maxConversations, dropping the oldest and its data', async () => {
    const memento = new MemoryMemento();
    const store = new ConversationStore(memento, () => 3);
    for (let i = 0; i < 5; i++) {
      await store.save(conversation(`c${i}`, i));
    }
    assert.deepEqual(store.list().map((s) => s.id), ['c4', 'c3', 'c2']);
    assert.equal(store.load('c0'), undefined);
    assert.equal([...memento.data.keys()].filter((k) => k.includes('conversation.')).length, 3);
  });

  it('bounds the messages of one conversation', async () => {
    const store = new ConversationStore(new MemoryMemento(), () => 3);
    await store.save(conversation('big', 1, MAX_MESSAGES_PER_CONVERSATION + 10));
    const loaded = store.load('big');
    assert.equal(loaded?.messages.length, MAX_MESSAGES_PER_CONVERSATION);
    assert.equal(loaded?.messages[0].id, 'big-10', 'the oldest go first');
  });

  it('does not keep empty conversations', async () => {
    const store = new ConversationStore(new MemoryMemento(), () => 3);
    await store.save(conversation('empty', 1, 0));
    assert.deepEqual(store.list(), []);
  });

  it('deletes a conversation and forgets it as current', async () => {
    const store = new ConversationStore(new MemoryMemento(), () => 3);
    await store.save(conversation('a', 1));
    await store.setCurrent('a');
    await store.delete('a');
    assert.deepEqual(store.list(), []);
    assert.equal(store.current(), undefined);
  });
});
