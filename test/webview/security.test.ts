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
 * Headless Chromium gives a page a frame every ~16.7 ms whatever the flags, and every prefix
 * needs its own frame, so the payloads are streamed on several pages at once (each page gets its
 * own frames), started in `before`; each payload's test only collects its result. With 8 pages a
 * 2-core machine is CPU-bound: ~10.5k prefixes take ~30 s.
 */
import * as assert from 'assert';
import type { ChatMessageView, HostToWebview } from '../../src/shared/protocol';
import { Harness, type WebviewPage, assistantMessage, chunk, userMessage } from './harness';
import { xssCorpus } from './xssCorpus';

/** Pages streaming payloads at the same time (MG_XSS_WORKERS); 8 saturates 2 cores. */
const workerCount = Math.max(1, Number(process.env.MG_XSS_WORKERS ?? 8));

/** MG_XSS_ONLY=name,name streams only those payloads (to work on one); the rest are skipped. */
const only = process.env.MG_XSS_ONLY ? new Set(process.env.MG_XSS_ONLY.split(',').map((n) => n.trim())) : undefined;
const selected = (name: string): boolean => only === undefined || only.has(name);

/** At most this many distinct problems are listed per payload (the counts are always given). */
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
  // Anywhere in the document (the view's own chrome outside the transcript has none of these but its one script).
  const documentLevel = ['script', 'link', 'meta', 'style', 'base', 'iframe', 'frame', 'object', 'embed', 'form'];
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

  /**
   * Streams 'pieces' into a fresh answer the way the host does, checking after every rendered
   * prefix, after 'done' with the full text, and once more as one delta cut short.
   */
  async function run({ pieces, conversationId, question, answer, oneDelta }) {
    const mg = window.__mg;
    const markdown = pieces.join('');
    // Each distinct problem once, with where it first showed up and how often it came back.
    const seen = new Map();
    let total = 0;
    const record = (stage, found) => {
      for (const problem of found) {
        total++;
        const entry = seen.get(problem);
        if (entry) entry.count++;
        else seen.set(problem, { stage, count: 1 });
      }
    };
    const postedBefore = window.__posted.length;
    record('before this payload (left over from the previous one on this page)', check());
    delete window.__pwned;

    await mg.deliver([{ type: 'conversation', conversationId, messages: [], earlier: 0 }]);
    record('empty transcript', check());
    await mg.deliver([{ type: 'messageAdded', message: question }]);
    record('the question, rendered whole', check());
    await mg.deliver([{ type: 'messageAdded', message: answer }]);
    record('empty streaming answer', check());

    const body = document.querySelector('[data-message-id="' + CSS.escape(answer.id) + '"] .mg-msg__body');
    if (!body) record('answer', ['no answer body in the transcript']);
    let prefix = '';
    let renders = 0;
    let lastHtml = '';
    for (let i = 0; i < pieces.length; i++) {
      prefix += pieces[i];
      await mg.deliver([{ type: 'delta', id: answer.id, text: pieces[i] }]);
      const found = check();
      if (found.length) record('prefix ' + (i + 1) + '/' + pieces.length + ' (' + prefix.length + ' chars) ' + short(prefix), found);
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
    const problems = Array.from(seen, ([problem, { stage, count }]) => stage + ': ' + problem + (count > 1 ? ' [and ' + (count - 1) + ' more times after that]' : ''));
    return { problems: problems.slice(0, ${maxListed}), distinct: problems.length, total, prefixes: pieces.length, renders, streamedText, doneText };
  }

  window.__xss = { run, check };
})();`;

interface PageRun {
  /** Distinct problems, each with the first stage (prefix) it showed up at. */
  problems: string[];
  distinct: number;
  /** Problems counted at every stage. */
  total: number;
  prefixes: number;
  /** Frames in which the answer's DOM changed while streaming. */
  renders: number;
  streamedText: string;
  doneText: string;
}

interface JobResult extends PageRun {
  pageErrors: string[];
  ms: number;
  worker: number;
}

interface RunSpec {
  pieces: string[];
  conversationId: string;
  question: ChatMessageView;
  answer: ChatMessageView;
  oneDelta: ChatMessageView;
}

/** One answer to stream: a corpus payload character by character, or a long answer in chunks. */
interface Job {
  readonly name: string;
  readonly markdown: string;
  readonly pieces: string[];
}

function runSpec(job: Job, index: number): RunSpec {
  const id = `x${index}`;
  return {
    pieces: job.pieces,
    conversationId: `xss-${id}`,
    question: userMessage(`${id}-q`, job.markdown),
    answer: assistantMessage(`${id}-a`, '', { status: 'streaming' }),
    oneDelta: assistantMessage(`${id}-b`, '', { status: 'streaming' }),
  };
}

interface XssGlobals {
  __xss: { run(spec: RunSpec): Promise<PageRun>; check(): string[] };
}

async function runOnPage(page: WebviewPage, spec: RunSpec): Promise<PageRun> {
  return page.page.evaluate((s) => (globalThis as unknown as XssGlobals).__xss.run(s), spec);
}

function failureMessage(job: Job, r: JobResult): string {
  const lines = [
    `payload '${job.name}' ${JSON.stringify(job.markdown.length > 200 ? `${job.markdown.slice(0, 200)}…` : job.markdown)}`,
    `${r.distinct} distinct problem(s), ${r.total} in all, over ${r.prefixes} streamed prefixes (page ${r.worker}, ${r.ms} ms):`,
    ...r.problems.map((problem) => `  ${problem}`),
    ...(r.distinct > r.problems.length ? [`  … and ${r.distinct - r.problems.length} more`] : []),
    ...[...new Set(r.pageErrors)].slice(0, 5).map((e) => `  page error: ${e.slice(0, 240)}`),
  ];
  return lines.join('\n');
}

const corpusJobs: Job[] = xssCorpus.map((p) => ({ name: p.name, markdown: p.markdown, pieces: Array.from(p.markdown) }));
const totalPrefixes = corpusJobs.reduce((sum, job) => sum + job.pieces.length, 0);

/** A very long answer: the whole corpus twice, one payload per block, streamed in chunks of 1–200 characters. */
const longMarkdown = [...xssCorpus, ...xssCorpus].map((p) => p.markdown).join('\n\n');
const longJob: Job = { name: 'whole-corpus-as-one-long-answer', markdown: longMarkdown, pieces: chunk(longMarkdown, 200, 11) };

describe('chat webview: answers render inert (XSS and markdown injection)', function () {
  let harness: Harness;
  let view: WebviewPage;
  const workers: WebviewPage[] = [];
  const results = new Map<string, Promise<JobResult>>();
  let pool: Promise<unknown> = Promise.resolve();
  let startedAt = 0;
  let poolMs = 0;

  before(async function () {
    this.timeout(60_000);
    harness = await Harness.start();

    // Longest jobs first, so the slowest one does not start last.
    const queue = [longJob, ...corpusJobs]
      .map((job, index) => ({ job, index }))
      .filter(({ job }) => selected(job.name))
      .sort((a, b) => b.job.pieces.length - a.job.pieces.length);
    const settle = new Map<string, (r: JobResult) => void>();
    for (const { job } of queue) results.set(job.name, new Promise((resolve) => settle.set(job.name, resolve)));
    startedAt = Date.now();
    // Each page starts on the queue as soon as it is open.
    const openWorker = async (w: number): Promise<WebviewPage> => {
      // A small viewport: painting is a good part of the cost of a frame, and layout plays no part here.
      const worker = await harness.open({ width: 320, height: 240 });
      workers[w] = worker;
      await worker.page.evaluate(pageChecks);
      return worker;
    };
    pool = Promise.all(
      Array.from({ length: Math.min(workerCount, queue.length) }, async (_, w) => {
        const worker = await openWorker(w);
        for (let next = queue.shift(); next; next = queue.shift()) {
          const { job, index } = next;
          const started = Date.now();
          const errorsBefore = worker.pageErrors.length;
          let run: PageRun;
          try {
            run = await runOnPage(worker, runSpec(job, index));
          } catch (error) {
            run = { problems: [`evaluate failed: ${(error as Error).message}`], distinct: 1, total: 1, prefixes: 0, renders: 0, streamedText: '', doneText: '' };
          }
          const ms = Date.now() - started;
          if (process.env.MG_XSS_DEBUG) console.log(`    [page ${w}] ${job.name}: ${run.prefixes} prefixes in ${ms} ms`);
          settle.get(job.name)!({ ...run, pageErrors: worker.pageErrors.slice(errorsBefore), ms, worker: w });
        }
      }),
    ).then(
      () => (poolMs = Date.now() - startedAt),
      (error: Error) => {
        for (const resolve of settle.values()) {
          resolve({ problems: [`a page failed: ${error.message}`], distinct: 1, total: 1, prefixes: 0, renders: 0, streamedText: '', doneText: '', pageErrors: [], ms: 0, worker: -1 });
        }
      },
    );
    view = await harness.open();
  });

  after(async function () {
    this.timeout(120_000);
    await pool;
    await Promise.all([view, ...workers].map((page) => page?.close()));
    await harness?.close();
  });

  afterEach(() => {
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

  for (const job of corpusJobs) {
    it(`inert at every streamed prefix and when done: ${job.name}`, async function () {
      this.timeout(180_000);
      if (!selected(job.name)) this.skip();
      const r = await results.get(job.name)!;
      assert.ok(r.total === 0 && r.pageErrors.length === 0, failureMessage(job, r));
      // The check was not vacuous: every character streamed, and the answer was on screen.
      assert.strictEqual(r.prefixes, job.pieces.length);
      assert.ok(r.renders > 0 && r.streamedText.trim() !== '' && r.doneText.trim() !== '', `'${job.name}' rendered nothing (${r.renders} renders)`);
    });
  }

  it(`inert at every chunk of a very long answer (${longJob.markdown.length} characters, ${longJob.pieces.length} chunks)`, async function () {
    this.timeout(180_000);
    if (!selected(longJob.name)) this.skip();
    const r = await results.get(longJob.name)!;
    assert.ok(r.total === 0 && r.pageErrors.length === 0, failureMessage(longJob, r));
    assert.strictEqual(r.prefixes, longJob.pieces.length);
    assert.ok(r.renders > longJob.pieces.length / 2 && r.doneText.length > 5000, `the long answer rendered (${r.renders} renders, ${r.doneText.length} characters)`);
  });

  it(`streamed everything on ${workerCount} pages in parallel, and the pages stayed clean`, async function () {
    this.timeout(180_000);
    await pool;
    for (const [w, worker] of workers.entries()) assert.deepStrictEqual(worker.pageErrors, [], `no errors on page ${w}`);
    // Once more now that everything had time to settle (late load / error events, CSP reports).
    for (const [w, worker] of workers.entries()) {
      assert.deepStrictEqual(await worker.page.evaluate(() => (globalThis as unknown as XssGlobals).__xss.check()), [], `page ${w} inert at the end`);
    }
    const streamed = [longJob, ...corpusJobs].filter((job) => selected(job.name)).reduce((sum, job) => sum + job.pieces.length, 0);
    this.test!.title += ` (${streamed} prefixes in ${(poolMs / 1000).toFixed(1)} s)`;
  });

  it('the in-page check catches what it looks for (it is not vacuous)', async () => {
    const page = await harness.open({ width: 320, height: 240 });
    try {
      await page.page.evaluate(pageChecks);
      const found = await page.page.evaluate(() => {
        interface MiniElement {
          setAttribute(name: string, value: string): void;
          append(...nodes: MiniElement[]): void;
          remove(): void;
        }
        interface MiniDocument {
          createElement(tag: string): MiniElement;
          createElementNS(ns: string, tag: string): MiniElement;
          querySelector(selector: string): MiniElement;
        }
        const g = globalThis as unknown as XssGlobals & { __pwned?: unknown; __cspViolations: string[]; document: MiniDocument };
        const doc = g.document;
        const log = doc.querySelector('[role="log"]');
        const bad = doc.createElement('div');
        const add = (tag: string, attrs: Record<string, string>, ns?: string): void => {
          const el = ns ? doc.createElementNS(ns, tag) : doc.createElement(tag);
          for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
          bad.append(el);
        };
        add('span', { onclick: 'x' });
        add('a', { href: 'javascript:x' });
        add('a', { href: 'command:workbench.action.terminal.new' });
        add('span', { style: 'color:red' });
        add('span', { id: 'x' });
        add('iframe', {});
        add('svg', {}, 'http://www.w3.org/2000/svg');
        add('details', {});
        log.append(bad);
        g.__pwned = 'self-test';
        g.__cspViolations.push('script-src-elem inline (self-test)');
        const problems = g.__xss.check();
        bad.remove();
        delete g.__pwned;
        return { problems, after: g.__xss.check() };
      });
      for (const expected of [
        'window.__pwned = string "self-test"',
        'CSP violation: script-src-elem inline (self-test)',
        'event handler attribute onclick="x" on <span>',
        'unsafe href="javascript:x" on <a>',
        'unsafe href="command:workbench.action.terminal.new" on <a>',
        'inline style "color:red" on <span>',
        'clobbering attribute id="x" on <span>',
        'forbidden element <iframe>',
        'forbidden element <svg>',
        'foreign element <svg> (http://www.w3.org/2000/svg)',
        'forbidden element <details>',
      ]) {
        assert.ok(found.problems.includes(expected), `the check reports ${expected}; it reported:\n${found.problems.join('\n')}`);
      }
      assert.ok(found.problems.some((p) => p.startsWith('document-level elements changed: ')), 'the check counts document-level elements');
      assert.deepStrictEqual(found.after, []);
    } finally {
      await page.close();
    }
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
