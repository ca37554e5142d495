import * as assert from 'node:assert/strict';
import { DeltaBatcher } from '../../src/chat/deltaBatcher';
import type { HostToWebview } from '../../src/shared/protocol';

describe('DeltaBatcher', () => {
  it('coalesces deltas of one answer into one message per frame', async () => {
    const sent: HostToWebview[] = [];
    const batcher = new DeltaBatcher((m) => sent.push(m), 5);
    for (const t of ['Hel', 'lo', ', ', 'world']) {
      batcher.post({ type: 'delta', id: 'a', text: t });
    }
    assert.equal(sent.length, 0, 'nothing before the frame ends');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(sent, [{ type: 'delta', id: 'a', text: 'Hello, world' }]);
  });

  it('flushes pending deltas before any other message, keeping order', () => {
    const sent: HostToWebview[] = [];
    const batcher = new DeltaBatcher((m) => sent.push(m), 1000);
    batcher.post({ type: 'delta', id: 'a', text: 'partial' });
    batcher.post({ type: 'done', id: 'a', status: 'stopped' });
    assert.deepEqual(sent.map((m) => m.type), ['delta', 'done']);
    batcher.dispose();
  });
});
