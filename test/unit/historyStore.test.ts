import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation } from '../../src/chat/conversation';
import { ConversationStore, FolderHistoryFiles, MAX_MESSAGES_PER_CONVERSATION } from '../../src/chat/historyStore';
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
    assert.equal((await store.load('a')).conversation?.messages.length, 2);
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
    assert.equal((await after.current()).conversation?.id, 'a');
  });

  it('marks an answer that was streaming at reload as incomplete', async () => {
    const store = new ConversationStore(tempHistory().files, () => 10);
    const c = conversation('a', 1);
    c.messages[1].status = 'streaming';
    await store.save(c);
    assert.equal((await store.load('a')).conversation?.messages[1].status, 'incomplete');
  });

  it('keeps at most maxConversations, deleting the oldest files', async () => {
    const history = tempHistory();
    const store = new ConversationStore(history.files, () => 3);
    for (let i = 0; i < 5; i++) {
      await store.save(conversation(`c${i}`, i));
    }
    assert.deepEqual(store.list().map((s) => s.id), ['c4', 'c3', 'c2']);
    assert.equal((await store.load('c0')).conversation, undefined);
    assert.deepEqual(history.names(), ['conversation-c2.json', 'conversation-c3.json', 'conversation-c4.json', 'index.json']);
  });

  it('bounds the messages of one conversation', async () => {
    const store = new ConversationStore(tempHistory().files, () => 3);
    await store.save(conversation('big', 1, MAX_MESSAGES_PER_CONVERSATION + 10));
    const loaded = (await store.load('big')).conversation;
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
    assert.equal((await store.current()).conversation, undefined);
    assert.deepEqual(history.names(), ['index.json']);
  });

  it('keeps ids from escaping the folder', async () => {
    const history = tempHistory();
    const store = new ConversationStore(history.files, () => 3);
    await store.save(conversation('../../evil', 1));
    assert.ok(history.names().every((n) => !n.includes('/')));
    assert.ok(!fs.existsSync(path.join(history.folder, '..', '..', 'evil.json')));
  });

  it('rebuilds a corrupt index from the conversation files', async () => {
    const history = tempHistory();
    const before = new ConversationStore(history.files, () => 3);
    await before.save(conversation('a', 1));
    await before.save(conversation('b', 2));
    fs.writeFileSync(path.join(history.folder, 'index.json'), '{not json');
    const store = new ConversationStore(history.files, () => 3);
    await store.ready();
    assert.deepEqual(store.list().map((c) => c.id), ['b', 'a']);
    assert.equal(store.list()[0].title, 'Conversation b');
    const reopened = new ConversationStore(history.files, () => 3);
    await reopened.ready();
    assert.deepEqual(reopened.list().map((c) => c.id), ['b', 'a'], 'the rebuilt index was written back');
  });

  it('rebuilds a missing index from the conversation files', async () => {
    const history = tempHistory();
    const before = new ConversationStore(history.files, () => 10);
    await before.save(conversation('a', 1));
    await before.save(conversation('b', 2, 4));
    fs.rmSync(path.join(history.folder, 'index.json'));
    const store = new ConversationStore(history.files, () => 10);
    await store.ready();
    assert.deepEqual(store.list().map((c) => [c.id, c.messageCount]), [['b', 4], ['a', 2]]);
  });

  describe('two windows on one storage folder', () => {
    it('keep each other\'s conversations', async () => {
      const history = tempHistory();
      const one = new ConversationStore(history.files, () => 10);
      const two = new ConversationStore(history.files, () => 10);
      await Promise.all([one.ready(), two.ready()]);
      await one.save(conversation('one-a', 1));
      await two.save(conversation('two-a', 2));
      await one.save(conversation('one-b', 3));
      const reopened = new ConversationStore(history.files, () => 10);
      await reopened.ready();
      assert.deepEqual(reopened.list().map((c) => c.id), ['one-b', 'two-a', 'one-a']);
    });

    it('a deletion in one window sticks when the other saves', async () => {
      const history = tempHistory();
      const one = new ConversationStore(history.files, () => 10);
      await one.save(conversation('gone', 1));
      const two = new ConversationStore(history.files, () => 10);
      await two.ready();
      assert.deepEqual(two.list().map((c) => c.id), ['gone']);
      await one.delete('gone');
      await two.save(conversation('kept', 2));
      const reopened = new ConversationStore(history.files, () => 10);
      await reopened.ready();
      assert.deepEqual(reopened.list().map((c) => c.id), ['kept']);
      assert.deepEqual(two.list().map((c) => c.id), ['kept'], 'the other window\'s list follows');
    });

    it('answering in the same conversation keeps the messages of both', async () => {
      const history = tempHistory();
      await new ConversationStore(history.files, () => 10).save(conversation('shared', 1));
      const one = new ConversationStore(history.files, () => 10);
      const two = new ConversationStore(history.files, () => 10);
      const inOne = (await one.load('shared')).conversation!;
      const inTwo = (await two.load('shared')).conversation!;
      inOne.messages.push({ id: 'from-one', role: 'user', text: 'asked in window one', status: 'complete', createdAt: 5 });
      await one.save(inOne);
      inTwo.messages.push({ id: 'from-two', role: 'user', text: 'asked in window two', status: 'complete', createdAt: 6 });
      await two.save(inTwo);
      const reopened = (await new ConversationStore(history.files, () => 10).load('shared')).conversation;
      assert.deepEqual(reopened?.messages.map((m) => m.id), ['shared-0', 'shared-1', 'from-one', 'from-two']);
    });
  });

  it('says a file stands where the history folder should be', async () => {
    const history = tempHistory();
    const folder = path.join(history.folder, 'history');
    fs.writeFileSync(folder, 'not a folder');
    const store = new ConversationStore(new FolderHistoryFiles(folder), () => 3);
    await assert.rejects(store.save(conversation('a', 1)), (error: NodeJS.ErrnoException) => error.code === 'ENOTDIR' && /is a file, not a folder/.test(error.message));
  });

  describe('damaged files', () => {
    function writeConversation(folder: string, id: string, body: string): void {
      fs.writeFileSync(path.join(folder, `conversation-${id}.json`), body);
      fs.writeFileSync(path.join(folder, 'index.json'), JSON.stringify({ version: 1, conversations: [{ id, title: 'Damaged', updatedAt: 1, messageCount: 5 }] }));
    }

    it('drops a malformed message, says so, and never throws', async () => {
      const history = tempHistory();
      const good = conversation('d', 1, 2).messages;
      const messages = [good[0], { id: 'bad-role', role: 'system', text: 'x', status: 'complete', createdAt: 1 }, { id: 'bad-text', role: 'user', text: 42, status: 'complete', createdAt: 1 }, null, good[1]];
      writeConversation(history.folder, 'd', JSON.stringify({ id: 'd', title: 'Damaged', createdAt: 1, updatedAt: 1, messages }));
      const store = new ConversationStore(history.files, () => 10);
      const loaded = await store.load('d');
      assert.deepEqual(loaded.conversation?.messages.map((m) => m.id), ['d-0', 'd-1']);
      assert.match(loaded.problem ?? '', /3 damaged messages/);
    });

    it('an unreadable conversation file stays listed and opening it says why', async () => {
      const history = tempHistory();
      writeConversation(history.folder, 'broken', '{"id":"broken","messages":[{"id":"m0","ro');
      const store = new ConversationStore(history.files, () => 10);
      await store.ready();
      assert.deepEqual(store.list().map((c) => c.id), ['broken']);
      const loaded = await store.load('broken');
      assert.equal(loaded.conversation, undefined);
      assert.match(loaded.problem ?? '', /could not be read/);
      assert.ok(loaded.problem?.includes('conversation-broken.json'), 'names the file');
    });

    it('lists a conversation file the index does not know (an orphan)', async () => {
      const history = tempHistory();
      const store = new ConversationStore(history.files, () => 10);
      await store.save(conversation('known', 1));
      fs.writeFileSync(path.join(history.folder, 'conversation-orphan.json'), JSON.stringify(conversation('orphan', 5)));
      const reopened = new ConversationStore(history.files, () => 10);
      await reopened.ready();
      assert.deepEqual(reopened.list().map((c) => c.id), ['orphan', 'known']);
    });
  });
});
