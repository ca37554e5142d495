import * as assert from 'node:assert/strict';
import { english } from '../../src/answering/l10n';
import { confirmationFor } from '../../src/agent/lmToolConfirm';

describe('Our tools for other agents: confirmation before running a process', () => {
  it('compile shader asks in a chat (a request id or session), naming the file; not for a direct invokeTool', () => {
    const asked = confirmationFor('compile_shader', { input: { path: 'Shaders/water.frag' }, chatRequestId: 'req-1' }, 'Shaders/water.frag', english);
    assert.equal(asked?.title, 'Compile shader?');
    assert.match(asked?.message ?? '', /shader compiler .* on Shaders\/water\.frag\. It reads only that file/);
    assert.ok(confirmationFor('compile_shader', { input: {}, chatSessionResource: { scheme: 'vscode-chat-session' } }, '', english));
    assert.equal(confirmationFor('compile_shader', { input: { path: 'a.frag' } }, 'a.frag', english), undefined);
  });

  it('analyze crash asks in a chat, saying the stack goes to the gateway and spends credit; not for a direct invokeTool', () => {
    const asked = confirmationFor('analyze_crash', { input: { path: 'Logs/Player.log' }, chatRequestId: 'req-1' }, 'Logs/Player.log', english);
    assert.equal(asked?.title, 'Analyze crash?');
    assert.match(asked?.message ?? '', /stack of the crash in Logs\/Player\.log to the Monster Gaming gateway .* uses your credit/);
    assert.match(confirmationFor('analyze_crash', { input: { text: 'at Foo' }, chatRequestId: 'req-1' }, '', english)?.message ?? '', /crash in the given text/);
    assert.equal(confirmationFor('analyze_crash', { input: { path: 'Logs/Player.log' } }, 'Logs/Player.log', english), undefined);
  });

  it('the tools that only read never ask', () => {
    for (const tool of ['import_engine_log', 'engine_profile'] as const) {
      assert.equal(confirmationFor(tool, { input: {}, chatRequestId: 'req-1' }, '', english), undefined);
    }
  });
});
