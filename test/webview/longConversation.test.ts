/**
 * A saved conversation of 1,000 messages in the real webview: the host sends its newest page,
 * streaming a new answer into it appends and never redraws what is there, and scrolling up asks the
 * host for the page before (the test plays the host, as ChatController.older answers) and draws it
 * without moving what the user is reading. Checked on the DOM, not the clock.
 */
import * as assert from 'assert';
import { MESSAGES_PER_PAGE, type ChatMessageView, type ViewState } from '../../src/shared/protocol';
import { useWebviewSuite, type WebviewPage, assistantMessage, chunk, userMessage, viewState } from './harness';

function thousandMessages(): ChatMessageView[] {
  const messages: ChatMessageView[] = [];
  for (let i = 0; i < 500; i++) {
    messages.push(userMessage(`u${i}`, `Question ${i}: how do I pool muzzle flashes?`));
    messages.push(assistantMessage(`a${i}`, `Answer ${i}: keep a **pool** of particle systems.\n\n- warm it at load\n- cap its size\n\n\`\`\`csharp\nvar fx = pool.Get(); // ${i}\n\`\`\``));
  }
  return messages;
}

/** What the host sends when the conversation opens: its newest page. */
function opening(all: readonly ChatMessageView[]): ViewState {
  return viewState({ messages: all.slice(-MESSAGES_PER_PAGE), earlier: all.length - MESSAGES_PER_PAGE });
}

/** Answers the view's `older` requests as the host does, until `until` says stop. */
async function serveOlder(view: WebviewPage, all: readonly ChatMessageView[], until: () => Promise<boolean>): Promise<string[]> {
  const asked: string[] = [];
  while (!(await until())) {
    const request = await view.waitForPosted('older');
    await view.clearPosted();
    asked.push(request.before);
    const end = all.findIndex((m) => m.id === request.before);
    const start = Math.max(0, end - MESSAGES_PER_PAGE);
    await view.send({ type: 'older', before: request.before, messages: all.slice(start, end), earlier: start });
  }
  return asked;
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

/** A page of long answers (about 90,000 characters of markdown), as opening a long design thread sends. */
function longPage(): ChatMessageView[] {
  const messages: ChatMessageView[] = [];
  for (let i = 0; i < MESSAGES_PER_PAGE / 2; i++) {
    const sections: string[] = [];
    for (let s = 0; s < 40; s++) {
      sections.push(`## Step ${s + 1} of answer ${i}`, '', `Move the **camera** by \`${s}\` units; see https://docs.unity3d.com/Manual/index.html.`, '', '- check the near plane', '- check the far plane', '', '```csharp', `transform.position += Vector3.forward * ${s}f;`, '```', '');
    }
    messages.push(userMessage(`q${i}`, `Question ${i}: how should I move the camera?`));
    messages.push(assistantMessage(`l${i}`, sections.join('\n')));
  }
  return messages;
}

/**
 * Page-side: posts the `conversation` message and measures the text inserted into message bodies
 * by its handling and by each animation frame after it, until every body is drawn. Plain JS.
 */
const openTracked = String.raw`async ({ message, bodies }) => {
  const log = document.querySelector('[role="log"]');
  let added = 0;
  const count = (records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.parentElement && n.parentElement.closest('.mg-msg__body')) added += (n.textContent || '').length;
        else if (n instanceof Element) for (const body of n.querySelectorAll('.mg-msg__body')) added += (body.textContent || '').length;
      }
    }
  };
  const observer = new MutationObserver(count);
  observer.observe(log, { childList: true, subtree: true });
  const steps = [];
  const measure = () => { count(observer.takeRecords()); steps.push(added); added = 0; };
  const handled = new Promise((resolve) => {
    const after = (event) => {
      if (event.data && event.data.type === 'conversation') { window.removeEventListener('message', after); measure(); resolve(); }
    };
    // Added after the view's own listener: runs once the view has handled the message.
    window.addEventListener('message', after);
  });
  window.postMessage(message, '*');
  await handled;
  const drawnBodies = () => Array.from(log.querySelectorAll('.mg-msg__body')).filter((b) => b.childNodes.length > 0).length;
  for (let i = 0; i < 100 && drawnBodies() < bodies; i++) {
    await window.__mg.frame();
    measure();
  }
  observer.disconnect();
  return { steps, drawn: drawnBodies() };
}`;

describe('chat webview: a 1,000-message conversation', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  it('opens with the newest messages drawn and streams into it by appending only', async () => {
    view = await suite.open({ init: opening(thousandMessages()) });
    const { page } = view;
    assert.strictEqual(await page.locator('.mg-msg').count(), 20, 'the newest page is drawn');
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

  it('opens a page of long answers newest first, a bounded amount per task, ending as if drawn at once', async () => {
    view = await suite.open();
    const page = longPage();
    // Added one by one, every body is drawn at once: the DOM to end with.
    await view.send(...page.map((message) => ({ type: 'messageAdded' as const, message })));
    const bodiesHtml = (): Promise<string[]> => view.page.locator('.mg-msg__body').evaluateAll((els) => els.map((el) => el.innerHTML));
    const expected = await bodiesHtml();
    await view.clearPosted();
    const message = { type: 'conversation', conversationId: 'c-long', messages: page, earlier: 980 };
    const result = await view.page.evaluate<{ steps: number[]; drawn: number }>(`(${openTracked})(${JSON.stringify({ message, bodies: page.length })})`);
    assert.strictEqual(result.drawn, page.length, 'every body is drawn');
    const most = Math.max(...result.steps);
    // About 160,000 characters on screen in all, 16,000 per answer (8,500 of markdown); a step draws
    // bodies newest first until 8,192 characters of markdown: one answer and the question before.
    assert.ok(most < 40_000, `at most ${most} characters drawn by one task (the message's handling, then per frame: ${result.steps.join(', ')})`);
    assert.ok(result.steps[0] > 0, 'the newest answers are drawn with the message');
    assert.deepStrictEqual(await bodiesHtml(), expected, 'the same DOM as drawn at once');
    await view.frame();
    assert.deepStrictEqual((await view.posted()).filter((m) => m.type === 'older'), [], 'the page before is not asked for while at the bottom');
  });

  it('asks for the page before as the user scrolls up, and draws it keeping the view in place', async () => {
    const all = thousandMessages();
    view = await suite.open({ init: opening(all), height: 600 });
    const { page } = view;
    const scroller = page.locator('.mg-main');
    const firstDrawn = view.message('u490');
    await view.clearPosted();
    await scroller.evaluate((el) => el.scrollTo({ top: 0 }));
    const drawn = (): Promise<number> => page.locator('.mg-msg').count();
    const asked = await serveOlder(view, all, async () => (await drawn()) >= 40);
    assert.strictEqual(asked[0], 'u490', 'the page before the oldest drawn message');
    const top = await firstDrawn.evaluate((el) => el.getBoundingClientRect().top);
    const scrollerTop = await scroller.evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top - scrollerTop > 0 && top - scrollerTop < 200, `the message that was at the top stays near the top (${top - scrollerTop} px)`);
    assert.strictEqual(await view.message('u480').count(), 1, 'the page before it is drawn');
    assert.match(await page.getByRole('button', { name: /earlier messages/ }).innerText(), /Show 960 earlier messages/);

    // The button asks for the next page too (keyboard users, or a view too short to scroll).
    await view.clearPosted();
    const before = await drawn();
    const earlier = page.getByRole('button', { name: /earlier messages/ });
    await earlier.focus();
    await page.keyboard.press('Enter');
    await serveOlder(view, all, async () => (await drawn()) >= before + 20);
    // An answer for a page that is gone (another conversation opened meanwhile) draws nothing.
    await view.send({ type: 'older', before: 'u0', messages: [userMessage('stale', 'stale')], earlier: 0 });
    assert.strictEqual(await view.message('stale').count(), 0);
  });
});
