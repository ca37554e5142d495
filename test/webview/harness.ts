import * as assert from 'assert';
/**
 * Runs the real chat webview bundle in real headless Chromium: `dist/` is served from a tiny HTTP
 * server on 127.0.0.1, the page is `renderWebviewHtml` with that origin as `cspSource` (so the CSP
 * is the production one), `acquireVsCodeApi` is stubbed, and host messages are delivered with
 * `window.postMessage` exactly as VS Code delivers them.
 */
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page, type Route } from 'playwright-core';
import { createNonce, renderWebviewHtml } from '../../src/chat/webviewHtml';
import type {
  ChatMessageView,
  ConversationSummary,
  HeaderView,
  HostToWebview,
  ViewState,
  WebviewToHost,
} from '../../src/shared/protocol';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const distDir = path.join(repoRoot, 'dist');

/** Dark Modern colours and fonts, as VS Code sets them on a webview's `<html>`. */
const darkTheme = `
html {
  --vscode-font-family: "Segoe WPC", "Segoe UI", system-ui, "Ubuntu", "Droid Sans", sans-serif;
  --vscode-font-size: 13px;
  --vscode-font-weight: normal;
  --vscode-editor-font-family: "Droid Sans Mono", "DejaVu Sans Mono", monospace;
  --vscode-editor-font-size: 12px;
  --vscode-editor-font-weight: normal;
  --vscode-foreground: #cccccc;
  --vscode-descriptionForeground: #9d9d9d;
  --vscode-sideBar-background: #181818;
  --vscode-editor-background: #1f1f1f;
  --vscode-editor-foreground: #cccccc;
  --vscode-editor-inactiveSelectionBackground: #3a3d41;
  --vscode-focusBorder: #0078d4;
  --vscode-contrastBorder: transparent;
  --vscode-button-background: #0078d4;
  --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1;
  --vscode-button-border: #ffffff12;
  --vscode-button-secondaryBackground: #313131;
  --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c;
  --vscode-input-background: #313131;
  --vscode-input-foreground: #cccccc;
  --vscode-input-border: #3c3c3c;
  --vscode-input-placeholderForeground: #989898;
  --vscode-textLink-foreground: #4daafc;
  --vscode-textLink-activeForeground: #4daafc;
  --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textPreformat-foreground: #d0d0d0;
  --vscode-textBlockQuote-background: #2b2b2b;
  --vscode-textBlockQuote-border: #616161;
  --vscode-textSeparator-foreground: #21262d;
  --vscode-widget-border: #313131;
  --vscode-panel-border: #2b2b2b;
  --vscode-sideBarSectionHeader-border: #2b2b2b;
  --vscode-toolbar-hoverBackground: #5a5d5e50;
  --vscode-icon-foreground: #cccccc;
  --vscode-errorForeground: #f85149;
  --vscode-inputValidation-errorBackground: #5a1d1d;
  --vscode-inputValidation-errorBorder: #be1100;
  --vscode-inputValidation-infoBackground: #063b49;
  --vscode-inputValidation-infoBorder: #007acc;
  --vscode-inputValidation-warningBorder: #b89500;
  --vscode-editorWarning-foreground: #cca700;
  --vscode-editorInfo-foreground: #3794ff;
  --vscode-badge-background: #616161;
  --vscode-badge-foreground: #f8f8f8;
  --vscode-list-hoverBackground: #2a2d2e;
  --vscode-list-inactiveSelectionBackground: #37373d;
  --vscode-chat-requestBackground: #ffffff0a;
  --vscode-chat-requestBorder: #ffffff1a;
  --vscode-debugTokenExpression-name: #c586c0;
  --vscode-debugTokenExpression-value: #cccccc99;
  --vscode-debugTokenExpression-string: #ce9178;
  --vscode-debugTokenExpression-boolean: #4e94ce;
  --vscode-debugTokenExpression-number: #b5cea8;
  --vscode-symbolIcon-classForeground: #ee9d28;
  --vscode-symbolIcon-functionForeground: #b180d7;
  --vscode-symbolIcon-variableForeground: #75beff;
  --vscode-gitDecoration-addedResourceForeground: #81b88b;
  --vscode-gitDecoration-deletedResourceForeground: #c74e39;
  --vscode-editorSuggestWidget-background: #202020;
  --vscode-editorSuggestWidget-border: #454545;
  --vscode-editorSuggestWidget-foreground: #cccccc;
  --vscode-editorSuggestWidget-selectedBackground: #04395e;
  --vscode-editorSuggestWidget-selectedForeground: #ffffff;
  --vscode-list-activeSelectionBackground: #04395e;
  --vscode-progressBar-background: #0078d4;
  --vscode-widget-shadow: #0000005c;
  background: var(--vscode-sideBar-background);
}
`;

/** Light Modern and High Contrast (dark): the variables the view uses, over the dark ones. */
const otherThemes: Readonly<Record<'light' | 'highContrast', string>> = {
  light: `
html {
  --vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #717171; --vscode-sideBar-background: #f8f8f8;
  --vscode-editor-background: #ffffff; --vscode-editor-foreground: #3b3b3b; --vscode-focusBorder: #005fb8;
  --vscode-button-background: #005fb8; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #e5e5e5;
  --vscode-button-secondaryForeground: #3b3b3b; --vscode-input-background: #ffffff; --vscode-input-foreground: #3b3b3b;
  --vscode-input-border: #cecece; --vscode-input-placeholderForeground: #767676; --vscode-textLink-foreground: #005fb8;
  --vscode-widget-border: #e5e5e5; --vscode-panel-border: #e5e5e5; --vscode-toolbar-hoverBackground: #b8b8b850;
  --vscode-icon-foreground: #3b3b3b; --vscode-errorForeground: #f85149; --vscode-inputValidation-errorBackground: #f2dede;
  --vscode-inputValidation-errorBorder: #be1100; --vscode-editorWarning-foreground: #bf8803; --vscode-badge-background: #cccccc;
  --vscode-badge-foreground: #3b3b3b; --vscode-list-hoverBackground: #f2f2f2; --vscode-chat-requestBackground: #0000000a;
  --vscode-editorSuggestWidget-background: #f8f8f8; --vscode-editorSuggestWidget-border: #c8c8c8;
  --vscode-editorSuggestWidget-foreground: #3b3b3b; --vscode-editorSuggestWidget-selectedBackground: #e8e8e8;
  --vscode-editorSuggestWidget-selectedForeground: #000000; --vscode-progressBar-background: #005fb8; --vscode-widget-shadow: #00000029;
  --vscode-textCodeBlock-background: #f2f2f2; --vscode-textPreformat-foreground: #3b3b3b;
}`,
  highContrast: `
html {
  --vscode-foreground: #ffffff; --vscode-descriptionForeground: #ffffff; --vscode-sideBar-background: #000000;
  --vscode-editor-background: #000000; --vscode-focusBorder: #f38518; --vscode-contrastBorder: #6fc3df;
  --vscode-contrastActiveBorder: #f38518; --vscode-button-background: #000000; --vscode-button-border: #6fc3df;
  --vscode-input-background: #000000; --vscode-input-foreground: #ffffff; --vscode-input-border: #6fc3df;
  --vscode-widget-border: #6fc3df; --vscode-badge-background: #000000; --vscode-badge-foreground: #ffffff;
  --vscode-errorForeground: #f48771; --vscode-inputValidation-errorBackground: #000000; --vscode-inputValidation-errorBorder: #f48771;
  --vscode-editorWarning-foreground: #ffd370; --vscode-list-hoverBackground: #000000; --vscode-toolbar-hoverBackground: #000000;
  --vscode-editorSuggestWidget-background: #0c141f; --vscode-editorSuggestWidget-border: #6fc3df;
  --vscode-editorSuggestWidget-foreground: #ffffff; --vscode-editorSuggestWidget-selectedBackground: #000000;
  --vscode-editorSuggestWidget-selectedForeground: #ffffff; --vscode-progressBar-background: #6fc3df; --vscode-widget-shadow: transparent;
}`,
};

/** Which theme a page is drawn in. */
export type Theme = 'dark' | 'light' | 'highContrast';
const bodyClass: Readonly<Record<Theme, string>> = { dark: 'vscode-dark', light: 'vscode-light', highContrast: 'vscode-high-contrast' };

/** Page-side helpers, installed before the bundle runs. Plain JS: it runs in the browser. */
const pageInitScript = `(() => {
  const stateKey = '__mgVsCodeState';
  let state;
  try { state = JSON.parse(sessionStorage.getItem(stateKey) || 'null') ?? undefined; } catch { state = undefined; }
  window.__posted = [];
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
  });
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); },
      getState: () => state,
      setState: (next) => {
        state = JSON.parse(JSON.stringify(next));
        sessionStorage.setItem(stateKey, JSON.stringify(state));
        return next;
      },
    });
  };
  let syncId = 0;
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  /** Resolves once every message posted before it has been dispatched to the view. */
  const drain = () => new Promise((resolve) => {
    const token = '__mgSync' + (++syncId);
    const onMessage = (event) => {
      if (event.data && event.data.__mgSync === token) { window.removeEventListener('message', onMessage); resolve(); }
    };
    window.addEventListener('message', onMessage);
    window.postMessage({ __mgSync: token }, '*');
  });
  const forbiddenTags = new Set(['script', 'iframe', 'frame', 'style', 'svg', 'math', 'img', 'object', 'embed', 'form',
    'input', 'textarea', 'select', 'link', 'meta', 'base', 'video', 'audio', 'source', 'picture', 'template']);
  const uriAttributes = new Set(['src', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster', 'data', 'ping', 'lowsrc']);
  window.__mg = {
    frame,
    drain,
    /** Delivers host messages like VS Code does, then lets one animation frame render them. */
    async deliver(messages) {
      for (const message of messages) window.postMessage(message, '*');
      await drain();
      await frame();
    },
    /** Everything in the transcript that could run script, load something or navigate. */
    inspect() {
      const problems = [];
      if (window.__pwned !== undefined) problems.push('script ran: window.__pwned = ' + String(window.__pwned));
      const log = document.querySelector('[role="log"]');
      if (!log) return ['no transcript'];
      for (const el of log.querySelectorAll('*')) {
        const tag = el.localName;
        // The approval card's reason field is the view's own (built in code, never from content).
        if (forbiddenTags.has(tag) && !(tag === 'input' && el.matches('.mg-approval input.mg-approval__reason'))) problems.push('forbidden element <' + tag + '>');
        if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push('foreign element ' + el.namespaceURI + ' ' + tag);
        for (const name of el.getAttributeNames()) {
          const lower = name.toLowerCase();
          const value = el.getAttribute(name) || '';
          if (lower.startsWith('on')) problems.push('event handler attribute ' + name + ' on <' + tag + '>');
          if (lower === 'style') problems.push('style attribute on <' + tag + '>: ' + value);
          if (uriAttributes.has(lower)) problems.push('URI attribute ' + name + '=' + value + ' on <' + tag + '>');
          if (lower === 'href' && !/^https?:\\/\\//i.test(value)) problems.push('non-http(s) href ' + value);
          if (lower === 'target') problems.push('target attribute on <' + tag + '>');
        }
      }
      const scripts = document.querySelectorAll('script');
      if (scripts.length !== 1) problems.push(scripts.length + ' script elements in the document');
      if (document.querySelector('iframe, object, embed, style')) problems.push('iframe/object/embed/style in the document');
      for (const v of window.__cspViolations) problems.push('CSP violation: ' + v);
      return problems;
    },
    /** Streams text one piece at a time, inspecting the transcript after every rendered prefix. */
    async streamAndInspect(id, pieces) {
      const problems = [];
      for (let i = 0; i < pieces.length; i++) {
        window.postMessage({ type: 'delta', id, text: pieces[i] }, '*');
        await drain();
        await frame();
        for (const p of window.__mg.inspect()) problems.push('after piece ' + i + ': ' + p);
      }
      return problems;
    },
    /** Counts render passes of the message body while many deltas arrive at once. */
    async countRenderPasses(id, pieces) {
      const body = document.querySelector('[data-message-id="' + id + '"] .mg-msg__body');
      let passes = 0;
      const observer = new MutationObserver(() => { passes++; });
      observer.observe(body, { childList: true, subtree: true, characterData: true });
      let frames = 0;
      let counting = true;
      const tick = () => { if (!counting) return; frames++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      for (const text of pieces) window.postMessage({ type: 'delta', id, text }, '*');
      await drain();
      await frame();
      await frame();
      counting = false;
      observer.disconnect();
      return { passes, frames };
    },
  };
})();`;

/** A view of the webview's typed globals inside `page.evaluate` callbacks. */
export interface PageGlobals {
  __posted: WebviewToHost[];
  __pwned?: unknown;
  __mg: {
    frame(): Promise<void>;
    deliver(messages: readonly HostToWebview[]): Promise<void>;
    inspect(): string[];
    streamAndInspect(id: string, pieces: readonly string[]): Promise<string[]>;
    countRenderPasses(id: string, pieces: readonly string[]): Promise<{ passes: number; frames: number }>;
  };
}

export interface OpenOptions {
  readonly width?: number;
  readonly height?: number;
  /** Wait for `ready` and answer with this state (default: a signed-in, empty conversation). */
  readonly init?: ViewState | false;
  /** More page script to run before the bundle (after the harness's own), e.g. the benchmark's probe. */
  readonly initScript?: string;
  /** The VS Code theme the page is drawn in (default: Dark Modern). */
  readonly theme?: Theme;
  /**
   * The highlighter bundle: by default `open` waits for it after `init`, so code blocks highlight at
   * once; `'held'` keeps its response back until `releaseHighlighter()`.
   */
  readonly highlighter?: 'held';
}

/** One open webview page with helpers to drive it like the host does. */
export class WebviewPage {
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
  ) {
    page.on('pageerror', (error) => this.pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') this.pageErrors.push(`${message.text()} ${message.location().url}`);
    });
  }

  /** Delivers host messages with `window.postMessage` and waits one animation frame. */
  async send(...messages: HostToWebview[]): Promise<void> {
    await this.page.evaluate((m) => (globalThis as unknown as PageGlobals).__mg.deliver(m), messages);
  }

  /** Waits one animation frame in the page. */
  async frame(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as PageGlobals).__mg.frame());
  }

  /** Everything the view posted to the host so far. */
  async posted(): Promise<WebviewToHost[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).__posted);
  }

  async clearPosted(): Promise<void> {
    await this.page.evaluate(() => {
      (globalThis as unknown as PageGlobals).__posted.length = 0;
    });
  }

  /** Waits until the view posted a message matching `type` (and returns it). */
  private heldHighlighter: Route | undefined;

  /** Keeps the highlighter's response back (OpenOptions.highlighter `'held'`). */
  holdHighlighter(route: Route): void {
    this.heldHighlighter = route;
  }

  /** Lets the held highlighter through (once the view has asked for it), and waits until it has run. */
  async releaseHighlighter(): Promise<void> {
    for (let waited = 0; !this.heldHighlighter && waited < 5000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    const route = this.heldHighlighter;
    if (!route) throw new Error('the view never asked for the highlighter');
    await route.continue();
    await this.highlighterLoaded();
  }

  /** Waits until the highlighter bundle has run: fetched, and its one-time global used up. */
  async highlighterLoaded(): Promise<void> {
    await this.page.waitForFunction(
      () =>
        performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('/webview-highlight.js')) &&
        !('mgHighlighterReady' in globalThis),
      undefined,
      { timeout: 5000 },
    );
  }

  async waitForPosted<T extends WebviewToHost['type']>(type: T, timeoutMs = 5000): Promise<Extract<WebviewToHost, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.posted()).find((m) => m.type === type);
      if (found) return found as Extract<WebviewToHost, { type: T }>;
      if (Date.now() > deadline) throw new Error(`the view did not post '${type}' within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Problems found in the transcript (scripts, handlers, unsafe URLs, CSP violations). */
  async inspect(): Promise<string[]> {
    return this.page.evaluate(() => (globalThis as unknown as PageGlobals).__mg.inspect());
  }

  async streamAndInspect(id: string, pieces: readonly string[]): Promise<string[]> {
    return this.page.evaluate(([i, p]) => (globalThis as unknown as PageGlobals).__mg.streamAndInspect(i, p), [id, pieces] as const);
  }

  async countRenderPasses(id: string, pieces: readonly string[]): Promise<{ passes: number; frames: number }> {
    return this.page.evaluate(([i, p]) => (globalThis as unknown as PageGlobals).__mg.countRenderPasses(i, p), [id, pieces] as const);
  }

  /** The rendered body of one message (markdown output). */
  body(messageId: string): Locator {
    return this.page.locator(`[data-message-id="${messageId}"] .mg-msg__body`);
  }

  message(messageId: string): Locator {
    return this.page.locator(`[data-message-id="${messageId}"]`);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** The browser and the server; one per test file. */
export class Harness {
  private constructor(
    private readonly browser: Browser,
    private readonly server: http.Server,
    readonly origin: string,
  ) {}

  static async start(): Promise<Harness> {
    if (!fs.existsSync(path.join(distDir, 'webview.js'))) {
      throw new Error(`${distDir}/webview.js is missing: run 'node esbuild.js' first`);
    }
    const server = http.createServer((req, res) => serve(server, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    return new Harness(browser, server, `http://127.0.0.1:${port}`);
  }

  /** Opens the view in a fresh context (fresh `setState` storage); answers `ready` with `init`. */
  async open(opts: OpenOptions = {}): Promise<WebviewPage> {
    const context = await this.browser.newContext({ viewport: { width: opts.width ?? 420, height: opts.height ?? 720 } });
    const page = await context.newPage();
    await page.addInitScript(pageInitScript);
    if (opts.initScript) await page.addInitScript(opts.initScript);
    const view = new WebviewPage(page, context);
    if (opts.highlighter === 'held') await page.route('**/dist/webview-highlight.js', (route) => view.holdHighlighter(route));
    await page.goto(`${this.origin}/${opts.theme && opts.theme !== 'dark' ? `?theme=${opts.theme}` : ''}`);
    if (opts.init !== false) {
      await view.waitForPosted('ready');
      await view.send({ type: 'init', state: opts.init ?? viewState() });
      if (opts.highlighter !== 'held') await view.highlighterLoaded();
    }
    return view;
  }

  async close(): Promise<void> {
    await this.browser.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const contentTypes: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

function serve(server: http.Server, req: http.IncomingMessage, res: http.ServerResponse): void {
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const url = new URL(req.url ?? '/', origin);
  const theme: Theme = url.searchParams.get('theme') === 'light' ? 'light' : url.searchParams.get('theme') === 'highContrast' ? 'highContrast' : 'dark';
  if (url.pathname === '/') {
    const html = renderWebviewHtml({
      cspSource: origin,
      nonce: createNonce(),
      scriptUri: `${origin}/dist/webview.js`,
      styleUri: `${origin}/dist/webview.css`,
      codiconUri: `${origin}/dist/codicon.css`,
    })
      // VS Code puts the theme's variables and class on the page; simulate Dark Modern (or the theme asked for).
      .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme.css?theme=${theme}">\n  <link rel="stylesheet"`)
      .replace('<body>', `<body class="${bodyClass[theme]}" data-vscode-theme-kind="${bodyClass[theme]}">`);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (url.pathname === '/theme.css') {
    res.writeHead(200, { 'content-type': 'text/css; charset=utf-8' });
    res.end(theme === 'dark' ? darkTheme : darkTheme + otherThemes[theme]);
    return;
  }
  const match = /^\/dist\/([\w.-]+)$/.exec(url.pathname);
  const file = match ? path.join(distDir, match[1]) : undefined;
  if (!file || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
}

// ------------------------------------------------------------------------------------ fixtures

export const signupUrl = 'https://monstergaming.ai/signup';

export function header(overrides: Partial<HeaderView> = {}): HeaderView {
  return {
    model: 'monster-gpt',
    provider: 'Monster Gaming',
    pinned: null,
    account: { hasKey: true, label: 'Starter · sandbox', signupUrl },
    ...overrides,
  };
}

export function viewState(overrides: Partial<ViewState> = {}): ViewState {
  return { header: header(), conversationId: 'c1', messages: [], earlier: 0, history: [], ...overrides };
}

export function userMessage(id: string, text: string, extra: Partial<ChatMessageView> = {}): ChatMessageView {
  return { id, role: 'user', text, status: 'complete', createdAt: Date.now(), ...extra };
}

export function assistantMessage(id: string, text: string, extra: Partial<ChatMessageView> = {}): ChatMessageView {
  return { id, role: 'assistant', text, status: 'complete', createdAt: Date.now(), ...extra };
}

export function conversation(id: string, title: string, minutesAgo: number, messageCount: number): ConversationSummary {
  return { id, title, updatedAt: Date.now() - minutesAgo * 60_000, messageCount };
}

/** Splits `text` into pieces of 1..maxSize characters, deterministically. */
export function chunk(text: string, maxSize: number, seed = 7): string[] {
  const pieces: string[] = [];
  let state = seed;
  for (let i = 0; i < text.length; ) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const size = 1 + (state % maxSize);
    pieces.push(text.slice(i, i + size));
    i += size;
  }
  return pieces;
}

/**
 * Mocha hooks for a suite of webview tests: one browser for the suite; after each test the page
 * it opened is checked (no page errors, an inert transcript, no CSP violations) and closed.
 */
export function useWebviewSuite(): { open(opts?: OpenOptions): Promise<WebviewPage>; origin(): string } {
  let harness: Harness | undefined;
  let view: WebviewPage | undefined;
  before(async () => {
    harness = await Harness.start();
  });
  after(async () => {
    await harness?.close();
  });
  afterEach(async () => {
    if (view) {
      const current = view;
      view = undefined;
      assert.deepStrictEqual(current.pageErrors, [], 'no errors in the page');
      assert.deepStrictEqual(await current.inspect(), [], 'transcript inert, no CSP violations');
      await current.close();
    }
  });
  return {
    open: async (opts) => (view = await harness!.open(opts)),
    origin: () => harness!.origin,
  };
}
