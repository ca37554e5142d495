/**
 * Answers are untrusted model output. Every payload of the corpus (./xssCorpus) must render inert
 * in the real webview at EVERY streamed prefix, character by character, and once the answer is
 * done: no script runs, no event-handler attributes, no non-http(s) URLs, no script / iframe /
 * object / embed / style / link / meta / base / form / svg / math / img nodes, no inline styles,
 * no DOM clobbering, no CSP violations (which would mean something tried to load or run).
 *
 * Streaming happens inside the page, one `page.evaluate` per payload: the `messageAdded` and
 * `delta` messages the host would send are posted with `window.postMessage`, and after each one
 * the page waits an animation frame (the view renders once per frame) and checks the transcript.
 * A frame is ~16.7 ms whatever the flags, so payloads run in parallel on several pages (each page
 * gets its own frames) and each payload's test only collects its result.
 */
import * as assert from 'assert';
import type { ChatMessageView, HostToWebview } from '../../src/shared/protocol';
import { Harness, WebviewPage, assistantMessage, userMessage } from './harness';
import { xssCorpus, type XssPayload } from './xssCorpus';

/** Pages streaming payloads at the same time; frames, not CPU, are the limit. */
const workerCount = Math.max(1, Number(process.env.MG_XSS_WORKERS ?? 8));

/** At most this many problems are listed per payload (the total is always given). */
const maxListed = 25;

/** Installed once per page: `window.__xss.run(spec)` streams one payload and checks every prefix. */
const pageChecks = String.raw`(() => {
  const XHTML = 'http://www.w3.org/1999/xhtml';
  // What a rendered answer (sanitizer allow-list) and the view's own message chrome consist of.
  const allowedTags = new Set(['a', 'article', 'blockquote', 'br', 'button', 'code', 'del', 'div', 'em',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 's', 'span', 'strong', 'table',
    'tbody', 'td', 'th', 'thead', 'tr', 'ul']);
  const forbiddenTags = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'style',
    'link', 'meta', 'base', 'form', 'input', 'textarea', 'select', 'svg', 'math', 'img', 'image', 'picture',
    'source', 'video', 'audio', 'track', 'template', 'noscript', 'portal', 'fencedframe', 'details', 'marquee']);
  const urlAttributes = new Set(['src', 'srcset', 'srcdoc', 'action', 'formaction', 'xlink:href', 'data', 'poster',
    'background', 'ping', 'lowsrc', 'dynsrc', 'codebase', 'cite', 'longdesc', 'manifest', 'usemap', 'icon',
    'archive', 'classid', 'profile', 'content', 'http-equiv']);
  const documentLevel = ['script', 'link', 'meta', 'style', 'base', 'iframe', 'frame', 'object', 'embed', 'form', 'svg', 'math', 'img'];
  const countDocumentLevel = () => documentLevel.map((tag) => tag + ':' + document.getElementsByTagName(tag).length).join(' ');
  const baseline = { href: location.href, baseURI: document.baseURI, documentLevel: countDocumentLevel() };
  let cspSeen = 0;

  const isHttpUrl = (value) => {
    if (!/^https?:\/\/[^\s\/]/i.test(value)) return false;
    try {
      const protocol = new URL(value, baseline.href).protocol;
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  };
  const describe = (value) => {
    if (value instanceof Element) return '<' + value.localName + '> element (DOM clobbering)';
    if (value instanceof HTMLCollection || value instanceof NodeList) return 'a collection of elements (DOM clobbering)';
    try { return typeof value + ' ' + JSON.stringify(value); } catch { return typeof value + ' ' + String(value); }
  };
  const short = (text, max = 80) => JSON.stringify(text.length > max ? '…' + text.slice(-max) : text);

  /** Problems in the transcript and in the page as a whole, at this moment. */
  function check() {
    const problems = [];
    if (window.__pwned !== undefined) problems.push('window.__pwned = ' + describe(window.__pwned));
    if (typeof document.getElementById !== 'function' || typeof document.querySelector !== 'function') problems.push('document APIs clobbered');
    if (location.href !== baseline.href) problems.push('navigated to ' + location.href);
    if (document.baseURI !== baseline.baseURI) problems.push('base URI changed to ' + document.baseURI);
    const level = countDocumentLevel();
    if (level !== baseline.documentLevel) problems.push('document-level elements changed: ' + baseline.documentLevel + ' -> ' + level);
    const violations = window.__cspViolations || [];
    while (cspSeen < violations.length) problems.push('CSP violation: ' + violations[cspSeen++]);
    const log = document.querySelector('[role="log"]');
    if (!log) {
      problems.push('no transcript');
      return problems;
    }
    for (const el of log.querySelectorAll('*')) {
      const tag = el.localName;
      if (el.namespaceURI !== XHTML) problems.push('foreign element <' + tag + '> (' + el.namespaceURI + ')');
      if (forbiddenTags.has(tag)) problems.push('forbidden element <' + tag + '>');
      else if (!allowedTags.has(tag)) problems.push('unexpected element <' + tag + '>');
      if (tag === 'button' && !el.classList.contains('mg-button')) problems.push('<button> the view did not make');
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value;
        const where = ' on <' + tag + '>';
        if (name.startsWith('on')) problems.push('event handler attribute ' + name + '=' + short(value, 60) + where);
        else if (name === 'style') problems.push('inline style ' + short(value, 60) + where);
        else if (name === 'href' || name.endsWith(':href')) {
          if (name !== 'href' || !(isHttpUrl(value) || /^#[\w-]*$/.test(value))) problems.push('unsafe ' + name + '=' + short(value, 60) + where);
        } else if (urlAttributes.has(name)) problems.push('URL attribute ' + name + '=' + short(value, 60) + where);
        else if (name === 'id' || name === 'name' || name === 'form') problems.push('clobbering attribute ' + name + '=' + short(value, 40) + where);
        else if (name === 'target' || name === 'autofocus' || name === 'contenteditable') problems.push('attribute ' + name + where);
      }
      if (tag === 'a' && el.hasAttribute('href') && !el.getAttribute('href').startsWith('#')) {
        const protocol = el.protocol;
        if (protocol !== 'http:' && protocol !== 'https:') problems.push('link resolves to ' + protocol + ' ' + short(el.href, 60));
      }
    }
    return problems;
  }

  async function run({ markdown, conversationId, question, answer, oneDelta }) {
    const mg = window.__mg;
    const problems = [];
    let total = 0;
    const record = (stage, found) => {
      for (const problem of found) {
        total++;
        if (problems.length < ${maxListed}) problems.push(stage + ': ' + problem);
      }
    };
    const postedBefore = window.__posted.length;
    record('before this payload (left over from the previous one on this page)', check());
    delete window.__pwned;

    await mg.deliver([{ type: 'conversation', conversationId, messages: [] }]);
    record('empty transcript', check());
    await mg.deliver([{ type: 'messageAdded', message: question }]);
    record('the question, rendered whole', check());
    await mg.deliver([{ type: 'messageAdded', message: answer }]);
    record('empty streaming answer', check());

    const body = document.querySelector('[data-message-id="' + CSS.escape(answer.id) + '"] .mg-msg__body');
    if (!body) record('answer', ['no answer body in the transcript']);
    const chars = Array.from(markdown);
    let prefix = '';
    let renders = 0;
    let lastHtml = '';
    for (let i = 0; i < chars.length; i++) {
      prefix += chars[i];
      await mg.deliver([{ type: 'delta', id: answer.id, text: chars[i] }]);
      const found = check();
      if (found.length) record('prefix ' + (i + 1) + '/' + chars.length + ' ' + short(prefix), found);
      if (body && body.innerHTML !== lastHtml) {
        renders++;
        lastHtml = body.innerHTML;
      }
    }
    const streamedText = body ? body.textContent : '';

    await mg.deliver([{ type: 'done', id: answer.id, status: 'complete', text: markdown }]);
    record('done with the full text', check());
    const doneText = body ? body.textContent : '';

    // The same text in one delta (a fast stream), then cut off: done without text.
    await mg.deliver([{ type: 'messageAdded', message: oneDelta }, { type: 'delta', id: oneDelta.id, text: markdown }]);
    record('whole payload in one delta', check());
    await mg.deliver([{ type: 'done', id: oneDelta.id, status: 'incomplete' }]);
    record('done without text (incomplete)', check());

    // Give load / error events and CSP reports a chance to fire.
    await new Promise((resolve) => setTimeout(resolve, 25));
    await mg.frame();
    record('after settling', check());
    const posted = window.__posted.slice(postedBefore);
    if (posted.length) record('posted to the host', posted.map((m) => JSON.stringify(m).slice(0, 200)));
    return { problems, total, prefixes: chars.length, renders, streamedText, doneText };
  }

  window.__xss = { run, check };
})();`;

interface PageRun {
  problems: string[];
  total: number;
  prefixes: number;
  /** Frames in which the answer's DOM changed while streaming. */
  renders: number;
  streamedText: string;
  doneText: string;
}

interface PayloadResult extends PageRun {
  pageErrors: string[];
  ms: number;
  worker: number;
}

interface RunSpec {
  markdown: string;
  conversationId: string;
  question: ChatMessageView;
  answer: ChatMessageView;
  oneDelta: ChatMessageView;
}

function runSpec(p: XssPayload, index: number): RunSpec {
  const id = `x${index}`;
  return {
    markdown: p.markdown,
    conversationId: `xss-${id}`,
    question: userMessage(`${id}-q`, p.markdown),
    answer: assistantMessage(`${id}-a`, '', { status: 'streaming' }),
    oneDelta: assistantMessage(`${id}-b`, '', { status: 'streaming' }),
  };
}

async function runOnPage(page: WebviewPage, spec: RunSpec): Promise<PageRun> {
  return page.page.evaluate(
    (s) => (globalThis as unknown as { __xss: { run(spec: RunSpec): Promise<PageRun> } }).__xss.run(s),
    spec,
  );
}

function failureMessage(p: XssPayload, r: PayloadResult): string {
  const lines = [
    `payload '${p.name}' ${JSON.stringify(p.markdown.length > 200 ? `${p.markdown.slice(0, 200)}…` : p.markdown)}`,
    `${r.total} problem(s) over ${r.prefixes} prefixes (page ${r.worker}, ${r.ms} ms):`,
    ...r.problems.map((problem) => `  ${problem}`),
    ...(r.total > r.problems.length ? [`  … and ${r.total - r.problems.length} more`] : []),
    ...r.pageErrors.map((e) => `  page error: ${e}`),
  ];
  return lines.join('\n');
}

const totalPrefixes = xssCorpus.reduce((sum, p) => sum + Array.from(p.markdown).length, 0);

describe('chat webview: answers render inert (XSS and markdown injection)', function () {
  let harness: Harness;
  let view: WebviewPage;
  const workers: WebviewPage[] = [];
  const results = new Map<string, Promise<PayloadResult>>();
  let pool: Promise<unknown> = Promise.resolve();
  let startedAt = 0;

  before(async function () {
    this.timeout(60_000);
    harness = await Harness.start();
    const pages = await Promise.all(Array.from({ length: workerCount + 1 }, () => harness.open()));
    view = pages[0];
    workers.push(...pages.slice(1));
    await Promise.all(workers.map((w) => w.page.evaluate(pageChecks)));

    // Longest payloads first, so the slowest one does not start last.
    const queue = xssCorpus.map((p, index) => ({ p, index })).sort((a, b) => b.p.markdown.length - a.p.markdown.length);
    const settle = new Map<string, (r: PayloadResult) => void>();
    for (const { p } of queue) results.set(p.name, new Promise((resolve) => settle.set(p.name, resolve)));
    startedAt = Date.now();
    pool = Promise.all(
      workers.map(async (worker, w) => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const { p, index } = next;
          const started = Date.now();
          const errorsBefore = worker.pageErrors.length;
          let run: PageRun;
          try {
            run = await runOnPage(worker, runSpec(p, index));
          } catch (error) {
            run = { problems: [`evaluate failed: ${(error as Error).message}`], total: 1, prefixes: 0, renders: 0, streamedText: '', doneText: '' };
          }
          const ms = Date.now() - started;
          if (process.env.MG_XSS_DEBUG) console.log(`    [page ${w}] ${p.name}: ${run.prefixes} prefixes in ${ms} ms (${(ms / Math.max(1, run.prefixes)).toFixed(1)} ms each)`);
          settle.get(p.name)!({ ...run, pageErrors: worker.pageErrors.slice(errorsBefore), ms, worker: w });
        }
      }),
    );
  });

  after(async function () {
    this.timeout(120_000);
    await pool;
    await Promise.all([view, ...workers].map((page) => page?.close()));
    await harness?.close();
  });

  afterEach(async () => {
    assert.deepStrictEqual(view.pageErrors, [], 'no errors in the page');
  });

  it(`has at least 60 distinct payloads (${xssCorpus.length}, ${totalPrefixes} streamed prefixes)`, () => {
    assert.ok(xssCorpus.length >= 60, `only ${xssCorpus.length} payloads`);
    const names = xssCorpus.map((p) => p.name);
    assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'payload names are unique');
    for (const name of names) assert.match(name, /^[a-z0-9-]+$/);
    const texts = xssCorpus.map((p) => p.markdown);
    assert.deepStrictEqual(xssCorpus.filter((p, i) => texts.indexOf(p.markdown) !== i).map((p) => p.name), [], 'payloads are distinct');
  });

  for (const p of xssCorpus) {
    it(`inert at every streamed prefix and when done: ${p.name}`, async function () {
      this.timeout(180_000);
      const r = await results.get(p.name)!;
      assert.ok(r.total === 0 && r.pageErrors.length === 0, failureMessage(p, r));
      // The check was not vacuous: every character streamed, and the answer was on screen.
      assert.strictEqual(r.prefixes, Array.from(p.markdown).length);
      assert.ok(r.renders > 0 && r.streamedText.trim() !== '' && r.doneText.trim() !== '', `'${p.name}' rendered nothing (${r.renders} renders)`);
    });
  }

  it('streamed the whole corpus on parallel pages without page errors', async function () {
    this.timeout(180_000);
    await pool;
    const elapsed = Date.now() - startedAt;
    for (const [w, worker] of workers.entries()) assert.deepStrictEqual(worker.pageErrors, [], `no errors on page ${w}`);
    // Also re-check the pages now that everything had time to settle (late events, CSP reports).
    for (const [w, worker] of workers.entries()) {
      assert.deepStrictEqual(await worker.page.evaluate(() => (globalThis as unknown as { __xss: { check(): string[] } }).__xss.check()), [], `page ${w} inert at the end`);
    }
    assert.ok(elapsed > 0);
  });

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

  it('clicking every link in every payload only ever posts http(s) openLink', async function () {
    this.timeout(60_000);
    const messages: HostToWebview[] = xssCorpus.map((p, i) => ({ type: 'messageAdded', message: assistantMessage(`all-${i}`, p.markdown) }));
    await view.send(...messages);
    await view.clearPosted();
    const links = view.page.locator('[data-message-id^="all-"] .mg-msg__body a');
    const count = await links.count();
    assert.ok(count > 0, 'the corpus renders some http(s) links');
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
