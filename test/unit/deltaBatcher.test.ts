import * as assert from 'node:assert/strict';
import { DeltaBatcher } from '../../src/chat/deltaBatcher';
import type { HostToWebview } from '../../src/shared/protocol';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe('DeltaBatcher', () => {
  it('sends the first delta at once, then coalesces the rest of the frame into one message', async () => {
    const sent: HostToWebview[] = [];
    const clock = manualClock();
    const batcher = new DeltaBatcher((m) => sent.push(m), 5, clock.now);
    for (const t of ['Hel', 'lo', ', ', 'world']) {
      batcher.post({ type: 'delta', id: 'a', text: t });
    }
    assert.deepEqual(sent, [{ type: 'delta', id: 'a', text: 'Hel' }], 'the first token is not held back');
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(sent, [
      { type: 'delta', id: 'a', text: 'Hel' },
      { type: 'delta', id: 'a', text: 'lo, world' },
    ]);
  });

  it('sends once per frame during a burst that never yields to timers', () => {
    const sent: HostToWebview[] = [];
    const clock = manualClock();
    const batcher = new DeltaBatcher((m) => sent.push(m), 16, clock.now);
    // 100 chunks, 1 ms apart, all in one synchronous burst: no timer can fire in between.
    for (let i = 0; i < 100; i++) {
      batcher.post({ type: 'delta', id: 'a', text: `${i} ` });
      clock.advance(1);
    }
    batcher.flush();
    assert.ok(sent.length >= 6 && sent.length <= 8, `about one message per 16 ms frame, got ${sent.length}`);
    assert.equal(sent.map((m) => (m.type === 'delta' ? m.text : '')).join(''), Array.from({ length: 100 }, (_, i) => `${i} `).join(''));
  });

  it('flushes pending deltas before any other message, keeping order', () => {
    const sent: HostToWebview[] = [];
    const clock = manualClock();
    const batcher = new DeltaBatcher((m) => sent.push(m), 1000, clock.now);
    batcher.post({ type: 'delta', id: 'a', text: 'first' });
    batcher.post({ type: 'delta', id: 'a', text: 'partial' });
    batcher.post({ type: 'done', id: 'a', status: 'stopped' });
    assert.deepEqual(sent.map((m) => (m.type === 'delta' ? m.text : m.type)), ['first', 'partial', 'done']);
    batcher.dispose();
  });
});
