/**
 * History passes through the redaction step on its way to disk, and the streaming journal stays
 * exact: a `text` record continues at the length the answer had in memory, so redaction must not
 * change the length of any text it rewrites, or the next record lands in the wrong place.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Conversation, StoredMessage } from '../../src/chat/conversation';
import { ConversationStore } from '../../src/chat/historyStore';
import { redactedHistory } from '../../src/chat/redactedHistory';
import { secrets } from '../../src/secrets/redact';
import { tempHistory } from './tempHistory';

const SECRET = 'sk-9char'; // 8 characters: shorter than the "[redacted]" marker
secrets.remember(SECRET);

function conversation(answer: StoredMessage): Conversation {
  return {
    id: 'c1',
    title: 'Proxy',
    createdAt: 0,
    updatedAt: 0,
    messages: [{ id: 'q', role: 'user', text: `My proxy is http://alice:pw@proxy:3128 and my token ${SECRET}`, status: 'complete', createdAt: 0 }, answer],
  };
}

describe('redacted history', () => {
  it('keeps no secret on disk, and a streamed answer reads back whole after its secrets were redacted', async () => {
    const history = tempHistory();
    const store = new ConversationStore(redactedHistory(history.files), () => 10);
    const answer: StoredMessage = { id: 'a', role: 'assistant', text: '', status: 'streaming', createdAt: 1 };
    const open = conversation(answer);
    await store.save(open);
    // Streamed in pieces: each save appends what is new to the journal.
    for (const piece of [`Set http.proxy to http://bob:x@corp:8080 `, `and keep ${SECRET} out of settings. `, 'Then reload the window.']) {
      answer.text += piece;
      await store.save(open);
    }
    await store.idle();

    for (const name of fs.readdirSync(history.folder)) {
      const text = fs.readFileSync(path.join(history.folder, name), 'utf8');
      for (const secret of [SECRET, 'alice:pw', 'bob:x']) assert.ok(!text.includes(secret), `${name} holds ${secret}`);
    }
    const loaded = (await new ConversationStore(history.files, () => 10).load('c1')).conversation;
    const text = loaded?.messages.find((m) => m.id === 'a')?.text ?? '';
    assert.ok(text.endsWith('out of settings. Then reload the window.'), `the answer read back: ${JSON.stringify(text)}`);
    assert.equal(text.length, answer.text.length, `the answer read back: ${JSON.stringify(text)}`);
    assert.match(text, /^Set http\.proxy to http:\/\/\S+@corp:8080 and keep \S+ out of settings\. Then reload the window\.$/);
  });
});
