/**
 * A code block in an answer: a header with the language and Copy / Insert buttons, then the code,
 * highlighted once the fence has closed. The buttons post the raw code, never the highlighted HTML.
 */
import { button, h, icon } from './dom';
import { highlighterOr } from './highlight';
import type { Highlighter } from './highlighter/api';
import { sanitizeHighlightHtml } from './sanitize';

/** What a code block can ask the host to do. */
export interface CodeBlockHost {
  copyCode(code: string): void;
  insertCode(code: string, language: string | undefined): void;
}

/** Highlighting is the expensive part of a re-render; remember recent results. */
const highlightCache = new Map<string, DocumentFragment>();
const highlightCacheSize = 64;

function highlighted(highlighter: Highlighter, code: string, lang: string): DocumentFragment | undefined {
  const key = `${lang}\u0000${code}`;
  const cached = highlightCache.get(key);
  if (cached) return cached.cloneNode(true) as DocumentFragment;
  const html = highlighter.highlightToHtml(code, lang);
  if (html === undefined) return undefined;
  const fragment = sanitizeHighlightHtml(html);
  if (highlightCache.size >= highlightCacheSize) {
    const oldest = highlightCache.keys().next().value;
    if (oldest !== undefined) highlightCache.delete(oldest);
  }
  highlightCache.set(key, fragment);
  return fragment.cloneNode(true) as DocumentFragment;
}

export interface CodeBlockOptions {
  /** The code exactly as the answer wrote it (the fence's trailing newline removed). */
  readonly code: string;
  /** The fence's language as written (`hlsl`, `csharp`, …); empty when none. */
  readonly lang: string;
  /** The closing fence has not arrived yet: no highlighting, no buttons. */
  readonly inProgress: boolean;
}

/** Builds the code block element. */
export function createCodeBlock(opts: CodeBlockOptions, host: CodeBlockHost): HTMLElement {
  const codeEl = h('code', { class: 'mg-code' });
  codeEl.textContent = opts.code;
  if (!opts.inProgress) {
    const paint = (highlighter: Highlighter): void => {
      const fragment = highlighted(highlighter, opts.code, opts.lang);
      if (!fragment) return;
      codeEl.classList.add('hljs');
      codeEl.replaceChildren(fragment);
    };
    // Before the highlighter has arrived: plain now, highlighted when it comes (if still shown).
    const ready = highlighterOr((highlighter) => {
      if (codeEl.isConnected) paint(highlighter);
    });
    if (ready) paint(ready);
  }

  const header = h('div', { class: 'mg-codeblock__header' }, h('span', { class: 'mg-codeblock__lang' }, opts.lang || 'code'));
  if (opts.inProgress) {
    header.append(h('span', { class: 'mg-codeblock__progress' }, icon('loading', 'codicon-modifier-spin'), ' writing…'));
  } else {
    const copy = button({
      text: 'Copy',
      label: 'Copy code',
      icon: 'copy',
      variant: 'text',
      onClick: () => {
        host.copyCode(opts.code);
        flashCopied(copy);
      },
    });
    const insert = button({
      text: 'Insert',
      label: 'Insert code at cursor',
      icon: 'insert',
      variant: 'text',
      onClick: () => host.insertCode(opts.code, opts.lang || undefined),
    });
    header.append(h('span', { class: 'mg-codeblock__actions' }, copy, insert));
  }

  return h(
    'div',
    { class: `mg-codeblock${opts.inProgress ? ' mg-codeblock--open' : ''}` },
    header,
    h('pre', { class: 'mg-codeblock__pre', tabindex: '0', 'aria-label': opts.lang ? `${opts.lang} code` : 'Code' }, codeEl),
  );
}

/** Brief "Copied" feedback on the button (the host does the copying). */
function flashCopied(copy: HTMLButtonElement): void {
  const glyph = copy.querySelector('.codicon');
  const text = copy.querySelector('.mg-button__text');
  if (!glyph || !text) return;
  glyph.classList.replace('codicon-copy', 'codicon-check');
  text.textContent = 'Copied';
  window.setTimeout(() => {
    glyph.classList.replace('codicon-check', 'codicon-copy');
    text.textContent = 'Copy';
  }, 1500);
}
