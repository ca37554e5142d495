/**
 * A saved conversation of 1,000 messages in the real webview: it opens with only its newest
 * messages drawn, streaming a new answer into it appends and never redraws what is there, and
 * scrolling up draws earlier messages a batch at a time without moving what the user is reading.
 * Checked on the DOM, not the clock.
 */
import * as assert from 'assert';
import type { ChatMessageView } from '../../src/shared/protocol';
import { useWebviewSuite, type WebviewPage, assistantMessage, chunk, userMessage, viewState } from './harness';

function thousandMessages(): ChatMessageView[] {
  const messages: ChatMessageView[] = [];
  for (let i = 0; i < 500; i++) {
    messages.push(userMessage(`u${i}`, `Question ${i}: how do I pool muzzle flashes?`));
    messages.push(assistantMessage(`a${i}`, `Answer ${i}: keep a **pool** of particle systems.\n\n- warm it at load\n- cap its size\n\n\`\`\`csharp\nvar fx = pool.Get(); // ${i}\n\`\`\``));
  }
  return messages;
}

/** Watches the transcript's own children (the messages) for additions and removals. Plain JS. */
const watchTranscript = String.raw`(() => {
  const log = document.querySelector('[role="log"]');
  window.__mgDrawn = Array.from(log.querySelectorAll(':scope > .mg-msg'));
  window.__mgChanges = { added: [], removed: 0 };
  new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) if (n instanceof Element) window.__mgChanges.added.push(n.getAttribute('data-message-id'));
      window.__mgChanges.removed += r.removedNodes.length;
    }
  }).observe(log, { childList: true });
})()`;

const watchedState = String.raw`(() => {
  const log = document.querySelector('[role="log"]');
  const now = Array.from(log.querySelectorAll(':scope > .mg-msg'));
  const kept = window.__mgDrawn.every((el, i) => now[i] === el && el.isConnected);
  return { kept, added: window.__mgChanges.added, removed: window.__mgChanges.removed, count: now.length };
})()`;

interface Watched {
  readonly kept: boolean;
  readonly added: string[];
  readonly removed: number;
  readonly count: number;
}

describe('chat webview: a 1,000-message conversation', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  it('opens with the newest messages drawn and streams into it by appending only', async () => {
    view = await suite.open({ init: viewState({ messages: thousandMessages() }) });
    const { page } = view;
    assert.strictEqual(await page.locator('.mg-msg').count(), 20, 'only the newest batch is drawn');
    assert.strictEqual(await view.message('a499').count(), 1);
    assert.strictEqual(await view.message('u0').count(), 0);
    assert.match(await page.getByRole('button', { name: /earlier messages/ }).innerText(), /Show 980 earlier messages/);

    await page.evaluate(watchTranscript);
    await view.send(
      { type: 'messageAdded', message: userMessage('q', 'One more: and for explosions?') },
      { type: 'messageAdded', message: assistantMessage('answer', '', { status: 'streaming' }) },
    );
    for (const text of chunk('Same idea: **pool** them.\n\n```csharp\nvar boom = explosions.Get();\n```\n\nDone.', 5)) {
      await view.send({ type: 'delta', id: 'answer', text });
    }
    await view.send({ type: 'done', id: 'answer', status: 'complete' });
    const watched = await page.evaluate<Watched>(watchedState);
    assert.deepStrictEqual(watched, { kept: true, added: ['q', 'answer'], removed: 0, count: 22 });
    assert.match(await view.body('answer').innerText(), /Same idea: pool them\.[\s\S]*Done\./);
  });

  it('draws earlier messages as the user scrolls up, keeping the view in place', async () => {
    view = await suite.open({ init: viewState({ messages: thousandMessages() }), height: 600 });
    const { page } = view;
    const scroller = page.locator('.mg-main');
    const firstDrawn = view.message('u490');
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('.mg-msg').length >= 40);
    const top = await firstDrawn.evaluate((el) => el.getBoundingClientRect().top);
    const scrollerTop = await scroller.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top - scrollerTop > 0 && top - scrollerTop < 200, `the message that was at the top stays near the top (${top - scrollerTop} px)`);
    assert.strictEqual(await view.message('u480').count(), 1, 'the batch before it is drawn');

    // The button draws the next batch too (keyboard users, or a view too short to scroll).
    const earlier = page.getByRole('button', { name: /earlier messages/ });
    const before = await page.locator('.mg-msg').count();
    await earlier.focus();
    await page.keyboard.press('Enter');
    assert.ok((await page.locator('.mg-msg').count()) >= before + 20);
  });
});
