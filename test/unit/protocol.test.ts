import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/shared/protocol';

describe('webview message protocol', () => {
  it('accepts every well-formed request', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'send', id: 'r1', text: 'hi' }), { type: 'send', id: 'r1', text: 'hi' });
    assert.deepEqual(parseWebviewMessage({ type: 'stop', id: 'a1' }), { type: 'stop', id: 'a1' });
    assert.deepEqual(parseWebviewMessage({ type: 'openConversation', conversationId: 'c' }), { type: 'openConversation', conversationId: 'c' });
    assert.deepEqual(parseWebviewMessage({ type: 'older', before: 'u490', extra: 1 }), { type: 'older', before: 'u490' });
    assert.deepEqual(parseWebviewMessage({ type: 'action', kind: 'retry', messageId: 'm' }), { type: 'action', kind: 'retry', messageId: 'm' });
    assert.deepEqual(parseWebviewMessage({ type: 'insertCode', code: 'x', language: 'hlsl' }), { type: 'insertCode', code: 'x', language: 'hlsl' });
    assert.deepEqual(parseWebviewMessage({ type: 'openLink', href: 'https://x' }), { type: 'openLink', href: 'https://x' });
    assert.deepEqual(parseWebviewMessage({ type: 'openFrame', id: 'a1', index: 2 }), { type: 'openFrame', id: 'a1', index: 2 });
  });

  it('drops unknown types, wrong shapes, unknown actions, and a send or stop without a request id', () => {
    for (const raw of [
      null,
      'ready',
      [],
      { type: 'eval', code: 'x' },
      { type: 'send' },
      { type: 'send', text: 42 },
      { type: 'send', text: 'hi' },
      { type: 'send', id: '', text: 'hi' },
      { type: 'send', id: 'x'.repeat(65), text: 'hi' },
      { type: 'send', id: '../index', text: 'hi' },
      { type: 'stop' },
      { type: 'stop', id: 'a b' },
      { type: 'action', kind: 'runCommand' },
      { type: 'openLink' },
      { type: 'older' },
      { type: 'older', before: 42 },
      { type: 'older', before: 'x'.repeat(201) },
      // A frame is named by its index in an answer the host holds, never by a path.
      { type: 'openFrame', id: 'a1', path: '/etc/passwd' },
      { type: 'openFrame', id: 'a1', index: -1 },
      { type: 'openFrame', id: 'a1', index: 1.5 },
      { type: 'openFrame', index: 0 },
      { type: 'stop', id: 5 },
      { type: 'deleteConversation', conversationId: { id: 'x' } },
    ]) {
      assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('does not pass through extra fields', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'send', id: 'r1', text: 'hi', apiKey: 'mg_live_x' }), { type: 'send', id: 'r1', text: 'hi' });
  });
});
