/**
 * Answers are untrusted model output. Every payload here must render inert: no script runs, no
 * event-handler attributes, no non-http(s) links, no script/iframe/style/svg/img nodes, no CSP
 * violations (which would mean something tried to load or run).
 */
import * as assert from 'assert';
import { Harness, WebviewPage, assistantMessage, chunk, userMessage } from './harness';

const payloads: ReadonlyArray<readonly [name: string, markdown: string]> = [
  ['raw <script>', '<script>window.__pwned = "script"</script>'],
  ['<img onerror>', '<img src=x onerror="window.__pwned=\'img\'">'],
  ['<svg onload>', '<svg onload="window.__pwned=\'svg\'"><circle r="1" /></svg>'],
  ['<iframe javascript:>', '<iframe src="javascript:parent.__pwned=\'iframe\'"></iframe>'],
  ['<iframe srcdoc>', '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>'],
  ['<style> injection', '<style>body { display: none } * { background: url(https://evil.example/x) }</style>'],
  ['style attribute overlay', '<div style="position:fixed;inset:0;background:url(https://evil.example/t)">overlay</div>'],
  ['javascript: link', '[click me](javascript:window.__pwned="js")'],
  ['mixed-case javascript: link', '[click](JaVaScRiPt:window.__pwned=1)'],
  ['entity-encoded javascript: link', '[click](&#106;avascript:window.__pwned=1)'],
  ['entity tab inside the scheme', '[click](java&#x09;script:window.__pwned=1)'],
  ['percent-encoded scheme', '[click](%6Aavascript:window.__pwned=1)'],
  ['javascript: in angle-bracket destination', '[click](<javascript:window.__pwned=1>)'],
  ['null byte in the scheme', '[x](java\u0000script:window.__pwned=1)'],
  ['command: link', '[open terminal](command:workbench.action.terminal.new)'],
  ['command: link with arguments', '[x](command:vscode.open?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D)'],
  ['command: autolink', '<command:workbench.action.terminal.new>'],
  ['data: link', '[x](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZD0xPC9zY3JpcHQ+)'],
  ['vbscript: link', '[x](vbscript:msgbox(1))'],
  ['file: link', '[x](file:///etc/passwd)'],
  ['javascript: autolink', '<javascript:window.__pwned=1>'],
  ['data: autolink', '<data:text/html,<script>parent.__pwned=1</script>>'],
  ['protocol-relative link', '[x](//evil.example/path)'],
  ['reference-style javascript:', '[click][evil]\n\n[evil]: javascript:window.__pwned=1'],
  ['reference-style title breakout', '[click][r]\n\n[r]: https://ok.example "a\\" onmouseover=\\"window.__pwned=1"'],
  ['link title breakout', '[x](https://ok.example "t\\" onclick=\\"window.__pwned=1")'],
  ['image alt breakout', '![a" onerror="window.__pwned=1](https://evil.example/x.png)'],
  ['image with javascript: src', '![x](javascript:window.__pwned=1)'],
  ['tracking pixel image', '![pixel](https://evil.example/pixel.gif?u=1)'],
  ['raw <a href=javascript:>', '<a href="javascript:window.__pwned=1">x</a>'],
  ['<form> with formaction', '<form action="https://evil.example"><input name=q><button formaction="javascript:window.__pwned=1">go</button></form>'],
  ['<math> xlink:href', '<math><mi xlink:href="javascript:window.__pwned=1">x</mi></math>'],
  ['<details ontoggle>', '<details open ontoggle="window.__pwned=1"><summary>x</summary></details>'],
  ['<base> and <meta refresh>', '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example">'],
  ['<object> and <embed>', '<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">'],
  ['HTML inside a code fence', '```html\n<script>window.__pwned=1</script>\n<img src=x onerror="window.__pwned=1">\n```'],
  ['fence info string breakout', '```js" onmouseover="window.__pwned=1\nalert(1)\n```'],
  ['fence content closing tags', '```\n</code></pre><script>window.__pwned=1</script><pre><code>\n```'],
  ['unclosed fence with HTML', 'Look:\n\n```xml\n<svg onload="window.__pwned=1"><script>window.__pwned=2</script>'],
  ['inline code with HTML', '`<img src=x onerror=window.__pwned=1>`'],
  ['emphasis around HTML', '*<img src=x onerror=window.__pwned=1>* and __<script>window.__pwned=1</script>__'],
  ['table cell HTML', '| a | b |\n|---|:-:|\n| <img src=x onerror=window.__pwned=1> | <b onclick="window.__pwned=1">x</b> |'],
  ['linkify bait', 'visit javascript:window.__pwned=1 or www.evil.example/<script>window.__pwned=1</script>'],
  ['encoded entities', '&lt;script&gt;window.__pwned=1&lt;/script&gt; &#60;img src=x onerror=window.__pwned=1&#62;'],
  ['style via markdown table alignment', '| x |\n|:-:|\n| <span style="color:red">y</span> |'],
];

/** Payloads also checked after every streamed prefix. */
const streamed = new Set([
  '<img onerror>',
  'javascript: link',
  'reference-style javascript:',
  '<svg onload>',
  'fence info string breakout',
  'unclosed fence with HTML',
  'HTML inside a code fence',
]);

describe('chat webview: answers render inert (XSS and markdown injection)', function () {
  let harness: Harness;
  let view: WebviewPage;

  before(async () => {
    harness = await Harness.start();
    view = await harness.open();
  });
  after(async () => {
    await view?.close();
    await harness?.close();
  });
  afterEach(async () => {
    assert.deepStrictEqual(view.pageErrors, [], 'no errors in the page');
  });

  it(`has at least 20 payloads (${payloads.length})`, () => {
    assert.ok(payloads.length >= 20);
  });

  let n = 0;
  for (const [name, markdown] of payloads) {
    const id = `p${n++}`;
    it(`inert when rendered at once: ${name}`, async () => {
      await view.send(
        { type: 'messageAdded', message: userMessage(`${id}-q`, markdown) },
        { type: 'messageAdded', message: assistantMessage(id, markdown) },
      );
      assert.deepStrictEqual(await view.inspect(), []);
      // Also through the streaming path, finished with `done` carrying the final text.
      await view.send(
        { type: 'messageAdded', message: assistantMessage(`${id}-s`, '', { status: 'streaming' }) },
        { type: 'delta', id: `${id}-s`, text: markdown },
        { type: 'done', id: `${id}-s`, status: 'complete', text: markdown },
      );
      assert.deepStrictEqual(await view.inspect(), []);
    });

    if (streamed.has(name)) {
      it(`inert after every streamed prefix: ${name}`, async () => {
        const streamId = `${id}-prefix`;
        await view.send({ type: 'messageAdded', message: assistantMessage(streamId, '', { status: 'streaming' }) });
        assert.deepStrictEqual(await view.streamAndInspect(streamId, chunk(markdown, 3)), []);
        await view.send({ type: 'done', id: streamId, status: 'incomplete' });
        assert.deepStrictEqual(await view.inspect(), []);
      });
    }
  }

  it('raw HTML in an answer shows as text', async () => {
    await view.send({ type: 'messageAdded', message: assistantMessage('html-text', 'Use <script>alert(1)</script> and <b>bold</b>.') });
    assert.strictEqual(await view.body('html-text').innerText(), 'Use <script>alert(1)</script> and <b>bold</b>.');
    assert.strictEqual(await view.body('html-text').locator('b').count(), 0);
  });

  it('images render as their alt text, never fetched', async () => {
    const requests: string[] = [];
    view.page.on('request', (request) => requests.push(request.url()));
    await view.send({ type: 'messageAdded', message: assistantMessage('img', 'A diagram: ![render graph](https://evil.example/graph.png)') });
    assert.match(await view.body('img').innerText(), /render graph/);
    assert.strictEqual(await view.body('img').locator('img').count(), 0);
    assert.deepStrictEqual(requests.filter((url) => url.includes('evil.example')), []);
  });

  it('clicking every link in every payload only ever posts http(s) openLink', async () => {
    await view.send({ type: 'messageAdded', message: assistantMessage('all', payloads.map(([, md]) => md).join('\n\n')) });
    await view.clearPosted();
    const links = view.body('all').locator('a');
    const count = await links.count();
    for (let i = 0; i < count; i++) await links.nth(i).click();
    const posted = await view.posted();
    for (const message of posted) {
      assert.strictEqual(message.type, 'openLink');
      if (message.type === 'openLink') assert.match(message.href, /^https?:\/\//);
    }
    assert.strictEqual(view.page.url(), `${harness.origin}/`);
    assert.deepStrictEqual(await view.inspect(), []);
  });
});
