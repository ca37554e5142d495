/**
 * Incremental rendering in the real webview, checked on the DOM, never on the clock:
 * - blocks that are finished keep their DOM nodes (same objects, same HTML) while more text
 *   streams and after the answer is done;
 * - a code block is highlighted once (one highlighted `code` element ever inserted per block);
 * - a huge open block (thousands of nested quote lines) costs each frame a bounded amount of new
 *   DOM, not one growing with the answer;
 * - whatever the chunking, the answer ends as the exact DOM of a full render of its text.
 *
 * Each piece is posted, the page waits until the view has received it and one animation frame
 * (the view renders once per frame), then looks at the body.
 */
import * as assert from 'assert';
import { useWebviewSuite, type WebviewPage, assistantMessage, chunk } from './harness';

/** Page-side tracker, plain JS (it runs in the browser). */
const streamTracked = String.raw`async ({ id, pieces, done, keep }) => {
  const body = document.querySelector('[data-message-id="' + id + '"] .mg-msg__body');
  const problems = [];
  const seen = [];
  const known = new WeakSet();
  let added = 0;
  let maxAddedPerFrame = 0;
  let highlightedInserted = 0;
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        added += (node.textContent || '').length;
        if (node instanceof Element) highlightedInserted += (node.matches('code.hljs') ? 1 : 0) + node.querySelectorAll('code.hljs').length;
      }
    }
  });
  observer.observe(body, { childList: true, subtree: true, characterData: true });
  // The harness's own: wait until posted messages reached the view, then one animation frame.
  const { drain, frame } = window.__mg;
  const check = (when) => {
    observer.takeRecords().forEach(() => undefined);
    maxAddedPerFrame = Math.max(maxAddedPerFrame, added);
    added = 0;
    if (!keep) return;
    for (const s of seen) {
      if (!s.el.isConnected) problems.push(when + ': a finished <' + s.el.localName + '> was removed');
      else if (s.el.outerHTML !== s.html) problems.push(when + ': a finished <' + s.el.localName + '> changed');
    }
    for (const el of body.querySelectorAll(':scope > .mg-blocks > *')) {
      if (!known.has(el)) { known.add(el); seen.push({ el, html: el.outerHTML }); }
    }
  };
  for (let i = 0; i < pieces.length; i++) {
    window.postMessage({ type: 'delta', id, text: pieces[i] }, '*');
    await drain();
    await frame();
    check('after piece ' + i);
  }
  if (done) {
    window.postMessage({ type: 'done', id, status: 'complete' }, '*');
    await drain();
    await frame();
    // The final render may add the last block; only what was finished before must stay.
    const before = maxAddedPerFrame;
    check('after done');
    maxAddedPerFrame = before;
  }
  observer.disconnect();
  return { problems: problems.slice(0, 10), problemCount: problems.length, finishedBlocks: seen.length, maxAddedPerFrame, highlightedInserted };
}`;

interface Tracked {
  readonly problems: string[];
  readonly problemCount: number;
  /** Blocks that became final while streaming (and were then watched). */
  readonly finishedBlocks: number;
  /** The most text (characters) any one frame inserted into the body. */
  readonly maxAddedPerFrame: number;
  /** Highlighted `code` elements ever inserted. */
  readonly highlightedInserted: number;
}

/** One answer with a bit of everything a block splitter can get wrong. */
const tricky = [
  'Setext heading',
  '==============',
  '',
  'A paragraph with a [link](https://example.com/a) and `code`,',
  'still the same paragraph.',
  '- item one',
  '- item two',
  '',
  '    indented code',
  '',
  '    more indented code after a blank line',
  '',
  '| a | b |',
  '|---|:-:|',
  '| 1 | 2 |',
  '```js`',
  'not a fence: backticks in the info string',
  '',
  '> quote with a fence:',
  '> ```cpp',
  '> int x = 1;',
  '>',
  '> int y = 2;',
  '> ```',
  'lazy continuation',
  '',
  '1. first',
  '',
  '   ```python',
  '   def f():',
  '',
  '       return 1',
  '   ```',
  '2. second',
  '',
  '***',
  'Text right after a rule',
  '~~~',
  'tilde fence',
  '~~~~',
  '# Heading',
  'Subheading',
  '----------',
  '```hlsl',
  'float4 main() : SV_Target { return 1; }',
  '```',
  'After the fence.',
  '```',
  'unclosed at the end',
].join('\n');

/** A typical answer: sections with prose, lists and code, repeated. */
function sections(count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`## Step ${i + 1}`, '', `Move the **camera** by \`${i}\` units; see https://docs.unity3d.com/Manual/index.html.`, '');
    out.push('- check the near plane', '- check the far plane', '');
    out.push('```csharp', `transform.position += Vector3.forward * ${i}f;`, '```', '');
  }
  return out.join('\n');
}

/**
 * Page-side: posts every piece at once (the gateway streamed faster than the view draws), then
 * `done` either with them or after one frame, and measures the text each frame inserts until the
 * answer is final. Plain JS (it runs in the browser).
 */
const burstTracked = String.raw`async ({ id, pieces, doneAfterFrame }) => {
  const article = document.querySelector('[data-message-id="' + id + '"]');
  const body = article.querySelector('.mg-msg__body');
  let added = 0;
  const count = (records) => { for (const record of records) for (const node of record.addedNodes) added += (node.textContent || '').length; };
  const observer = new MutationObserver(count);
  observer.observe(body, { childList: true, subtree: true, characterData: true });
  // One measure per animation frame, from before the first delta: each covers one frame's work
  // (and whatever message handling ran since the last one).
  const perFrame = [];
  let ticks = 0;
  let ended = false;
  const finished = new Promise((resolve) => {
    const tick = () => {
      count(observer.takeRecords());
      perFrame.push(added);
      added = 0;
      ticks++;
      if (ended || ticks > 1000) return resolve();
      if (article.getAttribute('aria-busy') === 'false') ended = true;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  for (const text of pieces) window.postMessage({ type: 'delta', id, text }, '*');
  if (doneAfterFrame) await window.__mg.drain().then(window.__mg.frame);
  window.postMessage({ type: 'done', id, status: 'complete' }, '*');
  await finished;
  observer.disconnect();
  return { perFrame, busy: article.getAttribute('aria-busy') };
}`;

describe('chat webview: incremental rendering', function () {
  const suite = useWebviewSuite();
  let view: WebviewPage;

  async function startAnswer(id: string): Promise<void> {
    await view.send({ type: 'messageAdded', message: assistantMessage(id, '', { status: 'streaming' }) });
  }

  async function stream(id: string, pieces: readonly string[], opts: { done: boolean; keep: boolean }): Promise<Tracked> {
    return view.page.evaluate<Tracked>(`(${streamTracked})(${JSON.stringify({ id, pieces, ...opts })})`);
  }

  /** The body's HTML when `text` is rendered at once (a finished message). */
  async function fullRender(id: string, text: string): Promise<string> {
    await view.send({ type: 'messageAdded', message: assistantMessage(id, text) });
    return view.body(id).innerHTML();
  }

  const documents = [['tricky', tricky], ['tricky with CRLF', tricky.replace(/\n/g, '\r\n')], ['sections', sections(6)]] as const;
  for (const [name, text] of documents) {
    for (const [size, seed] of [[3, 1], [9, 3], [40, 11]] as const) {
      it(`${name}, pieces of 1..${size}: finished blocks keep their DOM nodes; the end equals a full render`, async () => {
        view = await suite.open();
        const expected = await fullRender('whole', text);
        await startAnswer('a1');
        const result = await stream('a1', chunk(text, size, seed), { done: true, keep: true });
        assert.deepStrictEqual(result.problems, [], `${result.problemCount} problems`);
        assert.ok(result.finishedBlocks >= 10, `blocks were finished while streaming (${result.finishedBlocks})`);
        assert.strictEqual(await view.body('a1').innerHTML(), expected, 'same DOM as a full render');
      });
    }
  }

  it('highlights each code block once, when it closes', async () => {
    view = await suite.open();
    const text = sections(6);
    await startAnswer('a1');
    const result = await stream('a1', chunk(text, 9), { done: true, keep: true });
    assert.strictEqual(await view.body('a1').locator('code.hljs').count(), 6);
    assert.strictEqual(result.highlightedInserted, 6, 'one highlighted code element inserted per block, ever');
  });

  it('a link reference defined after its use still resolves once the answer is done', async () => {
    view = await suite.open();
    const text = 'See [the docs][d].\n\nMore text.\n\n[d]: https://example.com/docs\n\nEnd.';
    const expected = await fullRender('whole', text);
    await startAnswer('a1');
    await stream('a1', chunk(text, 3), { done: true, keep: false });
    assert.strictEqual(await view.body('a1').innerHTML(), expected);
    assert.strictEqual(await view.body('a1').getByRole('link').getAttribute('href'), 'https://example.com/docs');
  });

  // sections(400) is about 80,000 characters (150,000 of text on screen: code block buttons, link
  // hosts); one frame takes in FRAME_BUDGET (8,192) of them, up to the end of a line, plus the open
  // block it re-renders: about 15,000 on screen.
  for (const doneAfterFrame of [false, true]) {
    it(`text that arrives faster than frames is drawn a bounded amount per frame${doneAfterFrame ? ', also once the answer is done' : ''}; the end equals a full render`, async () => {
      view = await suite.open();
      const text = sections(400);
      const expected = await fullRender('whole', text);
      await startAnswer('a1');
      const pieces = chunk(text, 40);
      const result = await view.page.evaluate<{ perFrame: number[]; busy: string | null }>(`(${burstTracked})(${JSON.stringify({ id: 'a1', pieces, doneAfterFrame })})`);
      assert.strictEqual(result.busy, 'false', 'the answer ended');
      const most = Math.max(...result.perFrame);
      assert.ok(most < 20_000, `at most ${most} characters inserted in one frame or in done's handling (per frame: ${result.perFrame.join(', ')})`);
      assert.ok(result.perFrame.filter((n) => n > 0).length >= 8, `drawn over ${result.perFrame.length} frames`);
      assert.strictEqual(await view.body('a1').innerHTML(), expected, 'same DOM as a full render');
    });
  }

  it('renders a huge open block (thousands of nested quote lines) in bounded pieces per frame', async function () {
    // About 600 frames of ~17 ms each, plus the checks; slower on a busy machine.
    this.timeout(90_000);
    view = await suite.open();
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(`${'> '.repeat(1 + (i % 40))}line ${i} of a very deep quote`);
    const text = lines.join('\n');
    const pieces: string[] = [];
    for (let i = 0; i < text.length; i += 400) pieces.push(text.slice(i, i + 400));
    await startAnswer('a1');
    const result = await stream('a1', pieces, { done: false, keep: false });
    // Without pieces, every frame would re-insert the whole quote (up to 150 000 characters).
    assert.ok(result.maxAddedPerFrame < 12_000, `at most ${result.maxAddedPerFrame} characters inserted in one frame`);
    const streamedText = await view.body('a1').evaluate((el) => el.textContent ?? '');
    await view.send({ type: 'done', id: 'a1', status: 'complete' });
    const expected = await fullRender('whole', text);
    assert.strictEqual(await view.body('a1').innerHTML(), expected, 'exact once done');
    assert.ok(streamedText.includes('line 2999 of a very deep quote'), 'all of it was on screen while streaming');
  });
});
