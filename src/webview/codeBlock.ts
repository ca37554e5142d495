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

/** Highlighting is the expensive part of a re-render; remember recent results (short code only). */
const highlightCache = new Map<string, DocumentFragment>();
const highlightCacheSize = 64;

/** Code up to this length is highlighted at once; longer code in slices, so no frame's work grows with it. */
export const WHOLE_CODE_CHARS = 16_384;
/** A slice ends at the first line end past this length at which the grammar is back at its top level. */
const SLICE_CHARS = 8_192;
/** A slice that never gets back to the top level (a huge string or comment) stops here; the rest stays plain. */
const MAX_SLICE_CHARS = 131_072;
/** Slices run in a frame until this much of it is used (one at least). */
const FRAME_BUDGET_MS = 8;

function highlighted(highlighter: Highlighter, code: string, lang: string): DocumentFragment | undefined {
  const key = `${lang}\u0000${code}`;
  const cached = highlightCache.get(key);
  if (cached) return cached.cloneNode(true) as DocumentFragment;
  const result = highlighter.highlight(code, lang);
  if (result === undefined) return undefined;
  const fragment = sanitizeHighlightHtml(result.html);
  if (highlightCache.size >= highlightCacheSize) {
    const oldest = highlightCache.keys().next().value;
    if (oldest !== undefined) highlightCache.delete(oldest);
  }
  highlightCache.set(key, fragment);
  return fragment.cloneNode(true) as DocumentFragment;
}

/** The end of the line that `from + length` falls in (past its `\n`), or the end of the code. */
function lineEndAfter(code: string, from: number, length: number): number {
  if (from + length >= code.length) return code.length;
  const newline = code.indexOf('\n', from + length);
  return newline === -1 ? code.length : newline + 1;
}

/**
 * Highlights long code a slice at a time: the first attempt now, the next ones a few per animation
 * frame, each slice inserted before the plain text still waiting. A slice ends only where the
 * grammar is back at its top level, so the result is what highlighting the whole block at once
 * gives; a slice that cannot end there is tried again twice as long (one attempt per step), up to
 * MAX_SLICE_CHARS, after which the rest stays plain rather than risk wrong colours. Stops when the
 * block leaves the page.
 */
function highlightInSlices(highlighter: Highlighter, codeEl: HTMLElement, code: string, lang: string): void {
  const rest = document.createTextNode(code);
  let at = 0;
  let length = SLICE_CHARS;
  /** One attempt; false when there is nothing more to do. */
  const step = (): boolean => {
    const end = lineEndAfter(code, at, length);
    const result = highlighter.highlight(code.slice(at, end), lang);
    if (!result) return false;
    if (!result.closed && end < code.length) {
      length *= 2;
      return end - at < MAX_SLICE_CHARS;
    }
    if (at === 0) {
      codeEl.replaceChildren(rest);
      codeEl.classList.add('hljs');
    }
    codeEl.insertBefore(sanitizeHighlightHtml(result.html), rest);
    rest.data = code.slice(end);
    at = end;
    length = SLICE_CHARS;
    return at < code.length;
  };
  if (!step()) return;
  const frame = (): void => {
    if (!codeEl.isConnected) return;
    const started = performance.now();
    while (step()) {
      if (performance.now() - started >= FRAME_BUDGET_MS) {
        requestAnimationFrame(frame);
        return;
      }
    }
  };
  requestAnimationFrame(frame);
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
      if (opts.code.length > WHOLE_CODE_CHARS) {
        highlightInSlices(highlighter, codeEl, opts.code, opts.lang);
        return;
      }
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
